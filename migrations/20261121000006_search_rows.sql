-- Search, cheaper per match. Measured on the 100k-course tenant (a new
-- two-word query, "cloud security", 2,731 matches), after migration 5:
--   * ranking cost ~3.5 µs a match, almost all of it fetching the row's
--     search_vector back from TOAST: the vector (~1.1 KB, incompressible)
--     was the column the toaster moved out of line when a row passed 2 KB;
--   * the category facet cost ~10 ms: one course_category index probe per
--     match before rolling counts up the tree.
-- So:
--   1. search_vector is stored MAIN: the toaster now moves the description
--      (read only by the course page) out of line first, and ranking reads
--      the vector from the heap page the bitmap scan visits anyway
--      (ts_rank over 2,999 rows: 14.5 -> 6.1 ms; over 83k rows: 300 -> 70 ms).
--   2. course.category_ids mirrors course_category (kept by the triggers
--      below), so filters and the category facet read an array from the row
--      instead of probing an index per match.
--   3. Typo tolerance corrects the query's words instead of comparing the
--      whole query with every title: whole-query word_similarity against
--      100k titles cost ~200 ms (a two-word query shares a trigram or two
--      with most titles, and every candidate is rechecked), and it ran for
--      every query full text found nothing for: half of the benchmark's mix.
--      search_term holds the words of the tenant's course titles; each
--      query word is replaced by its most similar title word (pg_trgm,
--      a GIN trigram index over a few thousand words: ~1 ms) and the
--      corrected text goes through full-text search like any query.

alter table course alter column search_vector set storage main;

alter table course add column category_ids uuid[] not null default '{}';

-- The category sync is bookkeeping, not an edit: it must not touch
-- updated_at (the Teaching list's order). A save that changes categories
-- updates the course row itself too, and that bumps it.
drop trigger course_updated_at on course;

-- Re-store every row under the new storage rule (`|| ''` makes a fresh
-- value, so the toaster decides again) and fill category_ids.
update course c
   set search_vector = c.search_vector || ''::tsvector,
       category_ids = coalesce((select array_agg(cc.category_id order by cc.category_id)
                                  from course_category cc
                                 where cc.tenant_id = c.tenant_id and cc.course_id = c.course_id), '{}');

create trigger course_updated_at before update on course for each row
    when (old.category_ids is not distinct from new.category_ids)
    execute function set_updated_at();

-- After any insert or delete on course_category, recompute the affected
-- courses' arrays (once per statement; rows already right are not rewritten,
-- so bulk loads that fill category_ids themselves cost nothing more).
-- Runs as the caller, so under RLS for the app role.
create function course_category_ids_sync() returns trigger
    language plpgsql
    as $$
begin
    update course c
       set category_ids = x.ids
      from (select ch.tenant_id, ch.course_id,
                   coalesce((select array_agg(cc.category_id order by cc.category_id)
                               from course_category cc
                              where cc.tenant_id = ch.tenant_id and cc.course_id = ch.course_id),
                            '{}') as ids
              from (select distinct tenant_id, course_id from changed) ch) x
     where c.tenant_id = x.tenant_id and c.course_id = x.course_id
       and c.category_ids is distinct from x.ids;
    return null;
end;
$$;
create trigger course_category_ids_insert after insert on course_category
    referencing new table as changed
    for each statement execute function course_category_ids_sync();
create trigger course_category_ids_delete after delete on course_category
    referencing old table as changed
    for each statement execute function course_category_ids_sync();

-- match_course_facts (migration 5) also returns the category ids.
drop function match_course_facts(text, boolean);
create function match_course_facts(p_query text, p_ranked boolean)
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
          and c.search_vector @@ q.query
    $$;

revoke all on function match_course_facts(text, boolean) from public;
grant execute on function match_course_facts(text, boolean) to lyceum_app;

-- 3. The words of the tenant's course titles, for typo correction. Words are
-- only ever added: a word whose last course was renamed stays (a correction
-- to it then finds nothing, as a typo would). Drafts' titles are included;
-- a correction only shows results through full-text search over published
-- courses, so it reveals nothing a published course does not.
create table search_term (
    tenant_id  uuid not null references tenant (tenant_id) on delete cascade,
    term       text not null check (term ~ '^[[:alnum:]]{3,40}$'),
    primary key (tenant_id, term)
);
create index search_term_trgm_idx on search_term using gin (tenant_id, term gin_trgm_ops);
alter table search_term enable row level security;
alter table search_term force row level security;
create policy tenant_isolation on search_term
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));
grant select, insert on search_term to lyceum_app;

-- Once per statement, so bulk loads add each word once.
create function course_title_terms() returns trigger
    language plpgsql
    as $$
begin
    insert into search_term (tenant_id, term)
    select distinct n.tenant_id, w
      from changed n, regexp_split_to_table(lower(n.title), '[^[:alnum:]]+') w
     where char_length(w) between 3 and 40
    on conflict do nothing;
    return null;
end;
$$;
create trigger course_title_terms_insert after insert on course
    referencing new table as changed
    for each statement execute function course_title_terms();
create trigger course_title_terms_update after update on course
    referencing new table as changed
    for each statement execute function course_title_terms();

insert into search_term (tenant_id, term)
select distinct c.tenant_id, w
  from course c, regexp_split_to_table(lower(c.title), '[^[:alnum:]]+') w
 where char_length(w) between 3 and 40
on conflict do nothing;

-- For each word (at most 8), the most similar title word of the current
-- tenant (pg_trgm similarity >= 0.25, which still accepts a transposition
-- in a six-letter word: "pyhton" -> "python" scores 0.27). SECURITY DEFINER
-- so the trigram index serves `%` under RLS (the LEAKPROOF trap of
-- migration 2); the tenant filter is explicit.
select public.similarity('a', 'a');  -- loads pg_trgm, so its setting below is known
create function similar_terms(p_words text[])
    returns table (nth bigint, word text, term text, similarity real)
    language sql stable security definer
    set search_path = pg_catalog, public
    set pg_trgm.similarity_threshold = 0.25
    as $$
        select w.n, w.word, t.term, t.similarity
        from unnest(p_words[1:8]) with ordinality as w(word, n)
        cross join lateral (
            select s.term, public.similarity(w.word, s.term) as similarity
            from public.search_term s
            where s.tenant_id = public.current_tenant_id()
              and s.term operator(public.%) left(w.word, 40)
            order by 2 desc, s.term
            limit 1) t
        order by w.n
    $$;
revoke all on function similar_terms(text[]) from public;
grant execute on function similar_terms(text[]) to lyceum_app;

-- Whole-title similarity is no longer used; its index only cost writes.
drop function similar_course_ids(text, integer);
drop index course_title_trgm_idx;
