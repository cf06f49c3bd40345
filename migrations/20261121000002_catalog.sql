-- Catalog: categories (a tree per tenant), courses, their categories, and the
-- slugs a course used to have (old links redirect with 301).
--
-- Search note (DESIGN.md): the full-text `@@` and trigram operators are not
-- LEAKPROOF, so under RLS Postgres will not use their GIN indexes. Catalog
-- search therefore runs in SECURITY DEFINER functions owned by the schema
-- owner, which filter on `tenant_id = current_tenant_id()` explicitly; the GIN
-- indexes lead with tenant_id (btree_gin) so that predicate is indexed too.

create extension if not exists pg_trgm;
create extension if not exists btree_gin;

create table category (
    tenant_id    uuid not null references tenant (tenant_id) on delete cascade,
    category_id  uuid not null default gen_random_uuid(),
    parent_id    uuid,
    name         text not null check (char_length(name) between 1 and 80),
    slug         text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 100),
    position     integer not null default 0,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, category_id),
    constraint category_slug_key unique (tenant_id, slug),
    -- A category with children cannot be deleted (ON DELETE RESTRICT).
    foreign key (tenant_id, parent_id) references category (tenant_id, category_id) on delete restrict,
    check (parent_id is distinct from category_id)
);
create index category_parent_idx on category (tenant_id, parent_id, position);
create trigger category_updated_at before update on category for each row execute function set_updated_at();

create table course (
    tenant_id         uuid not null references tenant (tenant_id) on delete cascade,
    course_id         uuid not null default gen_random_uuid(),
    instructor_id     uuid not null,
    slug              text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 100),
    title             text not null check (char_length(title) between 1 and 120),
    subtitle          text not null default '' check (char_length(subtitle) <= 200),
    -- Markdown source; rendered to sanitized HTML when shown.
    description       text not null default '' check (char_length(description) <= 20000),
    tags              text[] not null default '{}' check (cardinality(tags) <= 10),
    pricing_model     text not null default 'free' check (pricing_model in ('free', 'one_time', 'subscription')),
    currency          text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
    list_price_minor  bigint not null default 0 check (list_price_minor >= 0),
    sale_price_minor  bigint check (sale_price_minor >= 0),
    sale_ends_at      timestamptz,
    duration_minutes  integer not null default 0 check (duration_minutes between 0 and 100000),
    skill_level       text not null default 'beginner' check (skill_level in ('beginner', 'intermediate', 'advanced')),
    language          text not null default 'en' check (language ~ '^[a-z]{2,3}$'),
    prerequisites     text[] not null default '{}' check (cardinality(prerequisites) <= 20),
    cover_image_url   text check (char_length(cover_image_url) <= 2000),
    status            text not null default 'draft' check (status in ('draft', 'published', 'archived')),
    published_at      timestamptz,
    -- Maintained by the reviews and enrollment contexts; NULL / 0 until they exist.
    rating_average    numeric(3, 2) check (rating_average between 0 and 5),
    rating_count      integer not null default 0 check (rating_count >= 0),
    enrollment_count  integer not null default 0 check (enrollment_count >= 0),
    -- Weighted document for full-text search, kept by course_search_vector().
    search_vector     tsvector not null default ''::tsvector,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, course_id),
    constraint course_slug_key unique (tenant_id, slug),
    foreign key (tenant_id, instructor_id) references app_user (tenant_id, user_id),
    check ((pricing_model = 'free') = (list_price_minor = 0)),
    check ((sale_price_minor is null) = (sale_ends_at is null)),
    check (sale_price_minor is null or sale_price_minor < list_price_minor)
);
create index course_listing_idx on course (tenant_id, status, published_at desc, course_id);
create index course_instructor_idx on course (tenant_id, instructor_id, updated_at desc);
create index course_search_idx on course using gin (tenant_id, search_vector);
create index course_title_trgm_idx on course using gin (tenant_id, title gin_trgm_ops);
create trigger course_updated_at before update on course for each row execute function set_updated_at();

-- title (A), subtitle and tags (B), description (C); English stemming.
create function course_search_vector() returns trigger
    language plpgsql
    as $$
begin
    new.search_vector :=
        setweight(to_tsvector('english', coalesce(new.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(new.subtitle, '') || ' ' || array_to_string(new.tags, ' ')), 'B') ||
        setweight(to_tsvector('english', coalesce(new.description, '')), 'C');
    return new;
end;
$$;
create trigger course_search_vector_update before insert or update of title, subtitle, tags, description
    on course for each row execute function course_search_vector();

create table course_category (
    tenant_id    uuid not null,
    course_id    uuid not null,
    category_id  uuid not null,
    primary key (tenant_id, course_id, category_id),
    foreign key (tenant_id, course_id) references course (tenant_id, course_id) on delete cascade,
    -- A category in use by a course cannot be deleted.
    foreign key (tenant_id, category_id) references category (tenant_id, category_id) on delete restrict
);
create index course_category_category_idx on course_category (tenant_id, category_id, course_id);

-- Slugs a course no longer uses; requests for them redirect to the current one.
create table course_slug_history (
    tenant_id   uuid not null,
    old_slug    text not null,
    course_id   uuid not null,
    retired_at  timestamptz not null default now(),
    primary key (tenant_id, old_slug),
    foreign key (tenant_id, course_id) references course (tenant_id, course_id) on delete cascade
);
create index course_slug_history_course_idx on course_slug_history (tenant_id, course_id);

alter table category enable row level security;
alter table category force row level security;
create policy tenant_isolation on category
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table course enable row level security;
alter table course force row level security;
create policy tenant_isolation on course
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table course_category enable row level security;
alter table course_category force row level security;
create policy tenant_isolation on course_category
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table course_slug_history enable row level security;
alter table course_slug_history force row level security;
create policy tenant_isolation on course_slug_history
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

-- Full-text search over the current tenant's published courses, ranked.
-- SECURITY DEFINER so the GIN index can serve `@@`; isolation comes from the
-- explicit tenant predicate on the transaction's app.tenant_id, and with no
-- tenant set it returns nothing. Returns ids and rank only: the caller reads
-- the rows through RLS.
create function search_course_ids(p_query text, p_limit integer)
    returns table (course_id uuid, rank real)
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select c.course_id, ts_rank_cd(c.search_vector, q.query, 32) as rank
        from public.course c,
             (select websearch_to_tsquery('english', left(p_query, 500)) as query) q
        where c.tenant_id = public.current_tenant_id()
          and c.status = 'published'
          and c.search_vector @@ q.query
        order by rank desc, c.course_id
        limit least(greatest(p_limit, 1), 1000)
    $$;

-- Typo tolerance: published titles similar to the query, for when full text finds little.
create function similar_course_ids(p_query text, p_limit integer)
    returns table (course_id uuid, similarity real)
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select c.course_id, public.similarity(c.title, q.text) as similarity
        from public.course c, (select left(p_query, 200) as text) q
        where c.tenant_id = public.current_tenant_id()
          and c.status = 'published'
          and c.title operator(public.%) q.text
        order by similarity desc, c.course_id
        limit least(greatest(p_limit, 1), 1000)
    $$;

revoke all on function search_course_ids(text, integer), similar_course_ids(text, integer) from public;
grant execute on function search_course_ids(text, integer), similar_course_ids(text, integer) to lyceum_app;

grant select, insert, update, delete on category to lyceum_app;
grant select, insert, update on course to lyceum_app;
grant select, insert, delete on course_category to lyceum_app;
grant select, insert, delete on course_slug_history to lyceum_app;
