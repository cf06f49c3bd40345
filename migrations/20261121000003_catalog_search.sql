-- Catalog discovery: the tenant's currency (price bands are in it), the
-- minor-unit helper the price facet uses, and the unranked-limit search the
-- facet counts need (search_course_ids caps at 1000 rows: fine for a result
-- page, wrong for "how many courses match").

alter table tenant add column currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$');

-- Minor units per major unit, mirroring lyceum::money (a test checks they agree).
create function currency_minor_per_major(p_currency text) returns bigint
    language sql immutable parallel safe
    as $$ select case when p_currency in ('JPY', 'KRW') then 1 else 100 end::bigint $$;

-- Every published course of the current tenant matching a websearch query,
-- with its rank. SECURITY DEFINER for the GIN index (see 20261121000002).
create function match_courses(p_query text)
    returns table (course_id uuid, rank real)
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select c.course_id, ts_rank_cd(c.search_vector, q.query, 32) as rank
        from public.course c,
             (select websearch_to_tsquery('english', left(p_query, 500)) as query) q
        where c.tenant_id = public.current_tenant_id()
          and c.status = 'published'
          and c.search_vector @@ q.query
    $$;

revoke all on function match_courses(text) from public;
grant execute on function match_courses(text), currency_minor_per_major(text) to lyceum_app;

-- Typo tolerance, revised: whole-title similarity is too strict for a one-
-- or two-word query against a long title ("pyhton" vs "Python Data
-- Wrangling" scores 0.12); word similarity compares the query with the best
-- matching stretch of the title (0.29), and the GIN trigram index serves `<%`.
-- (Calling pg_trgm first loads it, so its threshold setting is a known,
-- user-settable parameter rather than a placeholder only superusers may set.)
select public.word_similarity('a', 'a');
create or replace function similar_course_ids(p_query text, p_limit integer)
    returns table (course_id uuid, similarity real)
    language sql stable security definer
    set search_path = pg_catalog, public
    set pg_trgm.word_similarity_threshold = 0.25
    as $$
        select c.course_id, public.word_similarity(q.text, c.title) as similarity
        from public.course c, (select left(p_query, 200) as text) q
        where c.tenant_id = public.current_tenant_id()
          and c.status = 'published'
          and q.text operator(public.<%) c.title
        order by similarity desc, c.course_id
        limit least(greatest(p_limit, 1), 1000)
    $$;
