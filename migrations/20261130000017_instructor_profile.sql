-- What a course page and the public instructor page say about the person
-- who teaches: a headline, a short bio (Markdown), subjects of expertise
-- (the seeds' `expertise.subjects`) and a photo (a media asset, public).
-- One row per instructor who wrote one; the catalog owns it.

create table instructor_profile (
    tenant_id       uuid not null,
    user_id         uuid not null,
    headline        text not null default '' check (char_length(headline) <= 120),
    bio             text not null default '' check (char_length(bio) <= 5000),
    subjects        text[] not null default '{}' check (cardinality(subjects) <= 10),
    photo_asset_id  uuid,
    updated_at      timestamptz not null default now(),
    primary key (tenant_id, user_id),
    foreign key (tenant_id, user_id) references app_user (tenant_id, user_id) on delete cascade,
    foreign key (tenant_id, photo_asset_id) references media_asset (tenant_id, asset_id)
);

alter table instructor_profile enable row level security;
alter table instructor_profile force row level security;
create policy tenant_isolation on instructor_profile
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

grant select, insert, update on instructor_profile to lyceum_app;
