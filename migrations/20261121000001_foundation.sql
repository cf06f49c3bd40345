-- Foundation: tenants, their domains, users, sessions and the security audit log.
--
-- Tenancy rules (docs/architecture.md, DESIGN.md):
--   * every tenant-owned table has tenant_id uuid not null, a primary key led by
--     tenant_id, foreign keys that include tenant_id, and indexes led by tenant_id;
--   * every such table has ENABLE + FORCE row level security and one policy on
--     the transaction-local setting app.tenant_id, with USING and WITH CHECK;
--   * the server connects as lyceum_app (no superuser, no BYPASSRLS, owns
--     nothing) and only gets DML grants;
--   * lookups needed before the tenant is known go through narrow SECURITY
--     DEFINER functions owned by the migration role.
-- A database test walks the catalog and fails if any table with a tenant_id
-- column breaks these rules, so later migrations are checked too.

-- The current tenant of this transaction, or NULL when none is set.
-- Marked STABLE so the planner evaluates it once per statement.
create function current_tenant_id() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create function set_updated_at() returns trigger
    language plpgsql
    as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

-- One row per portal. The platform itself is a tenant of kind 'platform',
-- served on the bare base domain, where super-admins live.
create table tenant (
    tenant_id   uuid primary key default gen_random_uuid(),
    kind        text not null default 'organization' check (kind in ('platform', 'organization')),
    -- NULL only for the platform row, which answers on the bare base domain.
    subdomain   text unique check (subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    name        text not null check (char_length(name) between 1 and 120),
    -- { branding: {logo, primary_color}, features: {max_courses, max_students, custom_branding,
    --   white_label, api_access}, billing: {plan, platform_fee_percentage} }
    settings    jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
    active      boolean not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    check ((kind = 'platform') = (subdomain is null))
);
-- At most one platform row.
create unique index tenant_single_platform on tenant ((kind)) where kind = 'platform';
create trigger tenant_updated_at before update on tenant for each row execute function set_updated_at();

-- Custom domains pointing at a tenant. A domain belongs to one tenant only, so
-- besides the tenant-led key it carries a global unique constraint.
create table tenant_domain (
    tenant_id   uuid not null references tenant (tenant_id) on delete cascade,
    domain      text not null check (domain ~ '^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$' and domain like '%.%'),
    created_at  timestamptz not null default now(),
    primary key (tenant_id, domain),
    constraint tenant_domain_domain_key unique (domain)
);

create table app_user (
    tenant_id      uuid not null references tenant (tenant_id) on delete cascade,
    user_id        uuid not null default gen_random_uuid(),
    email          text not null check (email = lower(email) and char_length(email) between 3 and 254),
    display_name   text not null check (char_length(display_name) between 1 and 80),
    persona        text not null check (persona in ('learner', 'instructor', 'admin', 'super_admin')),
    password_hash  text not null,
    active         boolean not null default true,
    last_login_at  timestamptz,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    primary key (tenant_id, user_id),
    constraint app_user_email_key unique (tenant_id, email)
);
create trigger app_user_updated_at before update on app_user for each row execute function set_updated_at();

-- Server-side browser sessions. The cookie holds a random token; only its
-- SHA-256 is stored, so a read of this table does not yield live sessions.
create table session (
    tenant_id     uuid not null,
    token_hash    bytea not null check (octet_length(token_hash) = 32),
    user_id       uuid not null,
    created_at    timestamptz not null default now(),
    last_seen_at  timestamptz not null default now(),
    expires_at    timestamptz not null,
    user_agent    text check (char_length(user_agent) <= 512),
    ip            inet,
    primary key (tenant_id, token_hash),
    foreign key (tenant_id, user_id) references app_user (tenant_id, user_id) on delete cascade
);
create index session_user_idx on session (tenant_id, user_id);
create index session_expiry_idx on session (tenant_id, expires_at);

-- Security events: logins, failed logins, logouts, registrations, persona changes.
create table audit_event (
    tenant_id       uuid not null references tenant (tenant_id) on delete cascade,
    audit_event_id  bigint generated always as identity,
    occurred_at     timestamptz not null default now(),
    kind            text not null check (kind in ('login', 'login_failed', 'logout', 'registered', 'persona_changed')),
    -- Who acted (NULL for anonymous failures); kept even if the user goes away.
    actor_user_id   uuid,
    -- Whom it concerned: the user whose persona changed, the email that failed, ...
    subject_user_id uuid,
    subject_email   text check (char_length(subject_email) <= 254),
    ip              inet,
    request_id      text check (char_length(request_id) <= 64),
    detail          jsonb not null default '{}'::jsonb,
    primary key (tenant_id, audit_event_id),
    foreign key (tenant_id, actor_user_id) references app_user (tenant_id, user_id) on delete set null (actor_user_id),
    foreign key (tenant_id, subject_user_id) references app_user (tenant_id, user_id) on delete set null (subject_user_id)
);
create index audit_event_recent_idx on audit_event (tenant_id, occurred_at desc);

-- Row level security: the same policy on every tenant-owned table.
alter table tenant enable row level security;
alter table tenant force row level security;
create policy tenant_isolation on tenant
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table tenant_domain enable row level security;
alter table tenant_domain force row level security;
create policy tenant_isolation on tenant_domain
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table app_user enable row level security;
alter table app_user force row level security;
create policy tenant_isolation on app_user
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table session enable row level security;
alter table session force row level security;
create policy tenant_isolation on session
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table audit_event enable row level security;
alter table audit_event force row level security;
create policy tenant_isolation on audit_event
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

-- Pre-tenant lookups. Each returns only what resolving a request needs:
-- id, kind, subdomain, name and the public branding; never users or limits.
create type tenant_public as (
    tenant_id  uuid,
    kind       text,
    subdomain  text,
    name       text,
    branding   jsonb
);

create function lookup_tenant_by_subdomain(p_subdomain text) returns setof tenant_public
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select tenant_id, kind, subdomain, name, coalesce(settings -> 'branding', '{}'::jsonb)
        from public.tenant
        where subdomain = p_subdomain and kind = 'organization' and active
    $$;

create function lookup_tenant_by_domain(p_domain text) returns setof tenant_public
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select t.tenant_id, t.kind, t.subdomain, t.name, coalesce(t.settings -> 'branding', '{}'::jsonb)
        from public.tenant_domain d
        join public.tenant t on t.tenant_id = d.tenant_id
        where d.domain = p_domain and t.active
    $$;

create function lookup_tenant_by_id(p_tenant_id uuid) returns setof tenant_public
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select tenant_id, kind, subdomain, name, coalesce(settings -> 'branding', '{}'::jsonb)
        from public.tenant
        where tenant_id = p_tenant_id and active
    $$;

create function lookup_platform_tenant() returns setof tenant_public
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select tenant_id, kind, subdomain, name, coalesce(settings -> 'branding', '{}'::jsonb)
        from public.tenant
        where kind = 'platform' and active
    $$;

-- The public portal directory shown on the platform landing page.
create function list_portals() returns setof tenant_public
    language sql stable security definer set search_path = pg_catalog, public
    as $$
        select tenant_id, kind, subdomain, name, coalesce(settings -> 'branding', '{}'::jsonb)
        from public.tenant
        where kind = 'organization' and active
        order by name
    $$;

revoke all on function lookup_tenant_by_subdomain(text), lookup_tenant_by_domain(text),
    lookup_tenant_by_id(uuid), lookup_platform_tenant(), list_portals() from public;
grant execute on function lookup_tenant_by_subdomain(text), lookup_tenant_by_domain(text),
    lookup_tenant_by_id(uuid), lookup_platform_tenant(), list_portals() to lyceum_app;

-- The runtime role: DML only, and only what each table needs.
grant usage on schema public to lyceum_app;
grant select, update on tenant to lyceum_app;
grant select on tenant_domain to lyceum_app;
grant select, insert, update, delete on app_user to lyceum_app;
grant select, insert, update, delete on session to lyceum_app;
grant select, insert on audit_event to lyceum_app;
grant execute on function current_tenant_id() to lyceum_app;
