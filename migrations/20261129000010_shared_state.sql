-- State that must hold across several server processes (issue 11): the
-- login throttle and the failed no-JavaScript course saves move from
-- process memory into PostgreSQL, as tenant tables. The catalog caches stay in memory; the
-- processes tell each other about catalog writes with NOTIFY (`db.rs`).

-- Login attempts, per bucket (`identity/throttle.rs`). A bucket is the
-- SHA-256 of what it counts within the portal (an account, a client
-- address, a device cookie), so the table holds no email or address in
-- clear.
create table login_attempt (
    tenant_id  uuid not null,
    bucket     bytea not null check (octet_length(bucket) = 32),
    -- One password check; the same id in each bucket it counts against.
    slot       uuid not null,
    -- When the check began (running) or failed (not running).
    at         timestamptz not null default now(),
    running    boolean not null default true,
    primary key (tenant_id, bucket, slot),
    foreign key (tenant_id) references tenant (tenant_id) on delete cascade
);
create index login_attempt_slot_idx on login_attempt (tenant_id, slot);
-- Attempts older than every window are deleted.
create index login_attempt_at_idx on login_attempt (tenant_id, at);

alter table login_attempt enable row level security;
alter table login_attempt force row level security;
create policy tenant_isolation on login_attempt
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

grant select, insert, update, delete on login_attempt to lyceum_app;

-- What a course form held when its save failed without JavaScript
-- (`catalog/retry.rs`): the redirect back to the editor carries only the
-- token, and any process can answer it. Kept 15 minutes.
create table form_retry (
    tenant_id   uuid not null,
    token       text not null check (token ~ '^[0-9a-f]{32}$'),
    user_id     uuid not null,
    -- The course edited; null for the create form.
    course_id   uuid,
    retry       jsonb not null check (octet_length(retry::text) <= 262144),
    created_at  timestamptz not null default now(),
    primary key (tenant_id, token),
    foreign key (tenant_id, user_id) references app_user (tenant_id, user_id) on delete cascade,
    foreign key (tenant_id, course_id) references course (tenant_id, course_id) on delete cascade
);
create index form_retry_user_idx on form_retry (tenant_id, user_id, created_at);
create index form_retry_course_idx on form_retry (tenant_id, course_id);

alter table form_retry enable row level security;
alter table form_retry force row level security;
create policy tenant_isolation on form_retry
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

grant select, insert, delete on form_retry to lyceum_app;
