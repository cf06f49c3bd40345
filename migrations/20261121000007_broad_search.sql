-- Broad searches: a bound on what one search costs.
--
-- Counting the facets of a search and ranking its matches visits every
-- matching row: about 5 microseconds each, so "the complete" (31k of the
-- 100k-course tenant of `seed-large`, almost all through the descriptions)
-- cost ~156 ms even in one pass, and broad searches set the p95 of the
-- catalog's search mix. Search engines answer such queries from a narrower
-- field and say so; here, when the planner's estimate says a search matches
-- more than a few thousand courses anywhere, the catalog searches the
-- courses whose title matches (4,377 for "the complete"), ranked by the
-- whole text as before, and shows the estimate for the rest. (Titles, not
-- titles + subtitles + tags: subtitles and tags repeat words as much as
-- descriptions do; "the business" matches 20k courses, 13k of them
-- through a subtitle or tag, 2,600 through the title.)
--
-- 1. `title_vector`: the title (A) part of `search_vector`, kept by the
--    same trigger, with its own GIN index.
alter table course add column title_vector tsvector not null default ''::tsvector;

create or replace function course_search_vector() returns trigger
    language plpgsql
    as $$
begin
    new.title_vector := setweight(to_tsvector('english', coalesce(new.title, '')), 'A');
    new.search_vector :=
        new.title_vector ||
        setweight(to_tsvector('english', coalesce(new.subtitle, '') || ' ' || array_to_string(new.tags, ' ')), 'B') ||
        setweight(to_tsvector('english', coalesce(new.description, '')), 'C');
    return new;
end;
$$;

-- Fill it without bumping updated_at (the Teaching list's order) and
-- without re-reading every title for search_term (titles do not change).
drop trigger course_updated_at on course;
drop trigger course_title_terms_update on course;
update course set title_vector = setweight(to_tsvector('english', coalesce(title, '')), 'A');
create trigger course_updated_at before update on course for each row
    when (old.category_ids is not distinct from new.category_ids)
    execute function set_updated_at();
create trigger course_title_terms_update after update on course
    referencing new table as changed
    for each statement execute function course_title_terms();

create index course_title_search_idx on course using gin (tenant_id, title_vector);

-- 2. The title matches, with the columns of match_course_facts (and the
--    same reason to be SECURITY DEFINER: the GIN index under RLS).
create function match_course_titles(p_query text, p_ranked boolean)
    returns table (
        tenant_id uuid, course_id uuid, rank real, status text, instructor_id uuid,
        skill_level text, language text, currency text, list_price_minor bigint,
        sale_price_minor bigint, sale_ends_at timestamptz, rating_average numeric,
        published_at timestamptz, category_ids uuid[])
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select c.tenant_id, c.course_id,
               case when p_ranked then ts_rank(c.search_vector, q.query) else 0 end,
               c.status, c.instructor_id, c.skill_level, c.language, c.currency,
               c.list_price_minor, c.sale_price_minor, c.sale_ends_at, c.rating_average,
               c.published_at, c.category_ids
        from public.course c,
             (select websearch_to_tsquery('english', left(p_query, 500)) as query) q
        where c.tenant_id = public.current_tenant_id()
          and c.status = 'published'
          and c.title_vector @@ q.query
    $$;

revoke all on function match_course_titles(text, boolean) from public;
grant execute on function match_course_titles(text, boolean) to lyceum_app;

-- 3. How many of the tenant's published courses a search matches anywhere,
--    as the planner estimates it from the column statistics (the most
--    common lexemes' frequencies, which is exactly what makes a search
--    broad): a plan, never a scan, so it costs a fraction of a millisecond.
--    The filters a visitor can narrow with are part of the estimate.
--    SECURITY DEFINER because the planner only uses the statistics of a
--    table under RLS with leakproof operators (`@@` is not), and with an
--    explicit tenant literal so the tenant's own share is estimated. It
--    reads no rows and returns one number. (VOLATILE: PL/pgSQL may not
--    EXPLAIN in a stable function.)
create function estimate_course_matches(
    p_query text, p_level text, p_language text, p_instructor uuid, p_categories uuid[])
    returns bigint
    language plpgsql volatile security definer set search_path = pg_catalog, public
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
    if p_level is not null then
        sql := sql || format(' and c.skill_level = %L', p_level);
    end if;
    if p_language is not null then
        sql := sql || format(' and c.language = %L', p_language);
    end if;
    if p_instructor is not null then
        sql := sql || format(' and c.instructor_id = %L', p_instructor);
    end if;
    if p_categories is not null then
        sql := sql || format(' and c.category_ids && %L::uuid[]', p_categories);
    end if;
    execute 'explain (format json) ' || sql into plan;
    return (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint;
end;
$$;

revoke all on function estimate_course_matches(text, text, text, uuid, uuid[]) from public;
grant execute on function estimate_course_matches(text, text, text, uuid, uuid[]) to lyceum_app;
