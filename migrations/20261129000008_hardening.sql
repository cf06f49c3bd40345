-- Hardening (issue 10): what probing the demo as an attacker found.
--
-- 1. SECURITY DEFINER functions resolve names in the caller's temporary
--    schema first unless `pg_temp` is named last in their search_path
--    (PostgreSQL docs, "Writing SECURITY DEFINER Functions Safely"). A
--    caller with TEMP could create `pg_temp.uuid` as a domain whose CHECK
--    runs its own function, and `estimate_course_matches` (a plpgsql
--    `uuid` variable) would run it as the schema owner, past RLS. Every
--    definer function now pins `pg_catalog, public, pg_temp`, and the
--    runtime role loses TEMP (granted to PUBLIC by default) and every
--    grant no code uses. A database test keeps both true for later
--    migrations.
alter function lookup_tenant_by_subdomain(text) set search_path = pg_catalog, public, pg_temp;
alter function lookup_tenant_by_domain(text) set search_path = pg_catalog, public, pg_temp;
alter function lookup_tenant_by_id(uuid) set search_path = pg_catalog, public, pg_temp;
alter function lookup_platform_tenant() set search_path = pg_catalog, public, pg_temp;
alter function list_portals() set search_path = pg_catalog, public, pg_temp;
alter function match_course_facts(text, boolean) set search_path = pg_catalog, public, pg_temp;
alter function match_course_titles(text, boolean) set search_path = pg_catalog, public, pg_temp;
alter function similar_terms(text[]) set search_path = pg_catalog, public, pg_temp;

-- Nothing calls it since migration 5 (match_course_facts replaced it).
drop function search_course_ids(text, integer);

do $$
begin
    execute format('revoke temporary on database %I from public', current_database());
end
$$;
revoke create on schema public from public;

-- Grants no code uses. (tenant: the admin's portal currency is the only
-- column the app writes.)
revoke update on tenant from lyceum_app;
grant update (currency) on tenant to lyceum_app;
revoke select on tenant_domain from lyceum_app;
revoke delete on app_user from lyceum_app;
revoke update on session from lyceum_app;

-- 2. Facets may select several values: the estimate takes arrays.
drop function estimate_course_matches(text, text, text, uuid, uuid[]);
create function estimate_course_matches(
    p_query text, p_levels text[], p_languages text[], p_instructors uuid[], p_categories uuid[])
    returns bigint
    language plpgsql volatile security definer set search_path = pg_catalog, public, pg_temp
    as $$
declare
    tenant uuid := public.current_tenant_id();
    plan json;
    sql text;
begin
    if tenant is null then
        return 0;
    end if;
    sql := format(
        'select 1 from public.course c where c.tenant_id = %L and c.status = ''published'''
        ' and c.search_vector @@ websearch_to_tsquery(''english'', %L)',
        tenant, left(p_query, 500));
    if p_levels is not null then
        sql := sql || format(' and c.skill_level = any(%L::text[])', p_levels);
    end if;
    if p_languages is not null then
        sql := sql || format(' and c.language = any(%L::text[])', p_languages);
    end if;
    if p_instructors is not null then
        sql := sql || format(' and c.instructor_id = any(%L::uuid[])', p_instructors);
    end if;
    if p_categories is not null then
        sql := sql || format(' and c.category_ids && %L::uuid[]', p_categories);
    end if;
    execute 'explain (format json) ' || sql into plan;
    return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint;
end;
$$;
revoke all on function estimate_course_matches(text, text[], text[], uuid[], uuid[]) from public;
grant execute on function estimate_course_matches(text, text[], text[], uuid[], uuid[]) to lyceum_app;

-- 3. Short words: a search made only of English stop words ("IT", "a")
--    has no lexemes left in the English configuration and used to find
--    nothing. Such searches match titles in the `simple` configuration
--    (every word kept), through an expression index of their own.
create index course_title_simple_idx on course using gin (tenant_id, to_tsvector('simple', title));

create function match_course_titles_simple(p_query text, p_ranked boolean)
    returns table (
        tenant_id uuid, course_id uuid, rank real, status text, instructor_id uuid,
        skill_level text, language text, currency text, list_price_minor bigint,
        sale_price_minor bigint, sale_ends_at timestamptz, rating_average numeric,
        published_at timestamptz, category_ids uuid[])
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select c.tenant_id, c.course_id,
               case when p_ranked then ts_rank(to_tsvector('simple', c.title), q.query) else 0 end,
               c.status, c.instructor_id, c.skill_level, c.language, c.currency,
               c.list_price_minor, c.sale_price_minor, c.sale_ends_at, c.rating_average,
               c.published_at, c.category_ids
        from public.course c,
             (select websearch_to_tsquery('simple', left(p_query, 500)) as query) q
        where c.tenant_id = public.current_tenant_id()
          and c.status = 'published'
          and to_tsvector('simple', c.title) @@ q.query
    $$;
revoke all on function match_course_titles_simple(text, boolean) from public;
grant execute on function match_course_titles_simple(text, boolean) to lyceum_app;

-- 4. Typo corrections must not reveal drafts: the title words they are
--    drawn from are now counted over *published* courses only, and a word
--    whose count falls to zero (its last published course unpublished,
--    archived or renamed) is no longer offered.
alter table search_term add column courses integer not null default 0 check (courses >= 0);
delete from search_term;
insert into search_term (tenant_id, term, courses)
select c.tenant_id, w, count(distinct c.course_id)
  from course c, regexp_split_to_table(lower(c.title), '[^[:alnum:]]+') w
 where c.status = 'published' and char_length(w) between 3 and 40
 group by 1, 2;
grant update on search_term to lyceum_app;

drop trigger course_title_terms_insert on course;
drop trigger course_title_terms_update on course;
drop function course_title_terms();

-- Once per statement, as the caller (under RLS for the runtime role). An
-- update counts only rows whose title or status changed, each title's
-- words once.
create function course_title_terms() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'INSERT' then
        insert into search_term (tenant_id, term, courses)
        select n.tenant_id, w, count(distinct n.course_id)
          from new_rows n, regexp_split_to_table(lower(n.title), '[^[:alnum:]]+') w
         where n.status = 'published' and char_length(w) between 3 and 40
         group by 1, 2
        on conflict (tenant_id, term) do update set courses = search_term.courses + excluded.courses;
    elsif tg_op = 'UPDATE' then
        with changed as (
            select o.tenant_id, o.course_id, o.title as old_title, o.status as old_status,
                   n.title as new_title, n.status as new_status
              from old_rows o
              join new_rows n on n.tenant_id = o.tenant_id and n.course_id = o.course_id
             where (o.title, o.status) is distinct from (n.title, n.status)),
        delta as (
            select x.tenant_id, x.term, sum(x.d)::integer as d from (
                select distinct c.tenant_id, c.course_id, w as term, 1 as d
                  from changed c, regexp_split_to_table(lower(c.new_title), '[^[:alnum:]]+') w
                 where c.new_status = 'published' and char_length(w) between 3 and 40
                union all
                select distinct c.tenant_id, c.course_id, w, -1
                  from changed c, regexp_split_to_table(lower(c.old_title), '[^[:alnum:]]+') w
                 where c.old_status = 'published' and char_length(w) between 3 and 40) x
             group by 1, 2 having sum(x.d) <> 0),
        increased as (
            insert into search_term (tenant_id, term, courses)
            select tenant_id, term, d from delta where d > 0
            on conflict (tenant_id, term) do update set courses = search_term.courses + excluded.courses)
        update search_term s set courses = greatest(s.courses + d.d, 0)
          from delta d
         where d.d < 0 and s.tenant_id = d.tenant_id and s.term = d.term;
    else
        update search_term s set courses = greatest(s.courses - x.n, 0)
          from (select o.tenant_id, w as term, count(distinct o.course_id)::integer as n
                  from old_rows o, regexp_split_to_table(lower(o.title), '[^[:alnum:]]+') w
                 where o.status = 'published' and char_length(w) between 3 and 40
                 group by 1, 2) x
         where s.tenant_id = x.tenant_id and s.term = x.term;
    end if;
    return null;
end;
$$;
create trigger course_title_terms_insert after insert on course
    referencing new table as new_rows
    for each statement execute function course_title_terms();
create trigger course_title_terms_update after update on course
    referencing old table as old_rows new table as new_rows
    for each statement execute function course_title_terms();
create trigger course_title_terms_delete after delete on course
    referencing old table as old_rows
    for each statement execute function course_title_terms();

-- Words of no published course are never offered.
create or replace function similar_terms(p_words text[])
    returns table (nth bigint, word text, term text, similarity real)
    language sql stable security definer
    set search_path = pg_catalog, public, pg_temp
    set pg_trgm.similarity_threshold = 0.25
    as $$
        select w.n, w.word, t.term, t.similarity
        from unnest(p_words[1:8]) with ordinality as w(word, n)
        cross join lateral (
            select s.term, public.similarity(w.word, s.term) as similarity
            from public.search_term s
            where s.tenant_id = public.current_tenant_id()
              and s.courses > 0
              and s.term operator(public.%) left(w.word, 40)
            order by 2 desc, s.term
            limit 1) t
        order by w.n
    $$;

-- 5. A portal sells in its own currency (`tenant.currency`): sorting by
--    price and the price bands compare minor units, which only means
--    something within one currency. The app refuses another currency with
--    a field error; this is the backstop, once per statement.
create function course_currency_is_tenants() returns trigger
    language plpgsql
    as $$
begin
    if exists (select 1 from new_rows n join tenant t on t.tenant_id = n.tenant_id
                where n.currency <> t.currency) then
        raise exception 'a course must be priced in its portal''s currency'
            using errcode = 'check_violation', constraint = 'course_currency_is_tenants';
    end if;
    return null;
end;
$$;
create trigger course_currency_insert after insert on course
    referencing new table as new_rows
    for each statement execute function course_currency_is_tenants();
create trigger course_currency_update after update on course
    referencing new table as new_rows
    for each statement execute function course_currency_is_tenants();
