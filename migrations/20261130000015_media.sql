-- Media: uploaded files (videos, documents, images) kept in object storage
-- (app/src/media/store.rs), one row per asset here. The bytes live under
-- `{tenant_id}/{asset_id}/…` in the store; this row says what they are.
--
-- Life of an asset: a row is inserted as 'uploading' and committed before
-- the first byte is written, so an upload that dies midway (a dropped
-- connection, a crash) still has a row the sweep finds; it becomes 'ready'
-- with its size and SHA-256 once every byte is stored and checked. A context
-- that stops using an asset (a replaced cover, a deleted lesson) marks it
-- 'released'. The periodic sweep deletes the objects of 'released' assets
-- and of 'uploading' ones older than an hour, then their rows.

create table media_asset (
    tenant_id     uuid not null references tenant (tenant_id) on delete cascade,
    asset_id      uuid not null default gen_random_uuid(),
    owner_id      uuid,
    kind          text not null check (kind in ('video', 'document', 'image')),
    status        text not null default 'uploading' check (status in ('uploading', 'ready', 'released')),
    -- Served without a signature (course covers, profile photos, the media
    -- of free-preview lessons); the rest needs a signed URL.
    public        boolean not null default false,
    -- As sniffed from the bytes, never as declared by the browser.
    content_type  text not null check (char_length(content_type) between 3 and 100),
    -- The name the uploader's file had (shown on downloads), cleaned.
    file_name     text not null check (char_length(file_name) between 1 and 200),
    byte_size     bigint not null default 0 check (byte_size >= 0),
    sha256        bytea check (octet_length(sha256) = 32),
    -- Video: from the MP4 `mvhd` box; NULL when the file does not say.
    duration_ms   bigint check (duration_ms >= 0),
    -- Images: the original's pixel size.
    width         integer check (width > 0),
    height        integer check (height > 0),
    -- Resized copies stored beside the original ("card-480.webp", …).
    variants      text[] not null default '{}' check (cardinality(variants) <= 16),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    primary key (tenant_id, asset_id),
    check (status <> 'ready' or sha256 is not null),
    foreign key (tenant_id, owner_id) references app_user (tenant_id, user_id) on delete set null (owner_id)
);
create index media_asset_sweep_idx on media_asset (tenant_id, updated_at) where status <> 'ready';
create trigger media_asset_updated_at before update on media_asset for each row execute function set_updated_at();

-- Files attached to a lesson (a file lesson's downloads, or extras under
-- any lesson), in order.
create table resource (
    tenant_id    uuid not null,
    resource_id  uuid not null default gen_random_uuid(),
    lesson_id    uuid not null,
    asset_id     uuid not null,
    title        text not null check (char_length(title) between 1 and 120),
    position     integer not null check (position between 0 and 19),
    created_at   timestamptz not null default now(),
    primary key (tenant_id, resource_id),
    constraint resource_position_key unique (tenant_id, lesson_id, position) deferrable initially deferred,
    foreign key (tenant_id, lesson_id) references lesson (tenant_id, lesson_id) on delete cascade,
    foreign key (tenant_id, asset_id) references media_asset (tenant_id, asset_id)
);
create index resource_asset_idx on resource (tenant_id, asset_id);

-- A video lesson's video.
alter table lesson add column video_asset_id uuid;
alter table lesson add foreign key (tenant_id, video_asset_id) references media_asset (tenant_id, asset_id);
create index lesson_video_idx on lesson (tenant_id, video_asset_id) where video_asset_id is not null;

-- A course's cover image.
alter table course add column cover_asset_id uuid;
alter table course add foreign key (tenant_id, cover_asset_id) references media_asset (tenant_id, asset_id);
create index course_cover_idx on course (tenant_id, cover_asset_id) where cover_asset_id is not null;

alter table media_asset enable row level security;
alter table media_asset force row level security;
create policy tenant_isolation on media_asset
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table resource enable row level security;
alter table resource force row level security;
create policy tenant_isolation on resource
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

grant select, insert, update, delete on media_asset to lyceum_app;
grant select, insert, update, delete on resource to lyceum_app;

-- The sweep runs outside any request, across tenants: this names what is
-- due (tenant and asset only), and the sweep then opens each tenant's own
-- transaction to delete it, under RLS like everything else.
create function media_sweep_due(stale_after interval, max_rows integer)
returns table (tenant_id uuid, asset_id uuid)
language sql stable security definer
set search_path = pg_catalog, public, pg_temp
as $$
    select a.tenant_id, a.asset_id
      from media_asset a
     where a.status = 'released'
        or (a.status = 'uploading' and a.updated_at < now() - stale_after)
     order by a.updated_at
     limit greatest(least(max_rows, 1000), 0)
$$;
revoke all on function media_sweep_due(interval, integer) from public;
grant execute on function media_sweep_due(interval, integer) to lyceum_app;
