-- Background jobs, signing keys and certificates.
--
-- `job` is the durable queue every context may use (app/src/jobs.rs): a row
-- per piece of work, claimed across tenants by `job_claim` (FOR UPDATE SKIP
-- LOCKED and a lease with a claim token: a worker that died gives the job
-- back when its lease ends, and a worker whose lease ran out can no longer
-- mark it done or failed), done inside its own tenant's transaction,
-- retried with backoff. Handlers must be idempotent: a job whose worker
-- outlived its lease may run twice.
--
-- `signing_key`: each portal's RS256 key pairs for its Open Badges
-- credentials. The newest unretired key signs; retired keys stay, so the
-- credentials they signed still verify against the portal's JWK Set.
--
-- `certificate`: one per completed enrollment, with what it certified as
-- it was when issued, its public code and its signed credential.

create table job (
    tenant_id     uuid not null,
    job_id        uuid not null default gen_random_uuid(),
    kind          text not null check (kind ~ '^[a-z][a-z0-9_.]{0,62}$'),
    -- What the job works on; its shape belongs to the job's kind.
    payload       jsonb not null default '{}' check (jsonb_typeof(payload) = 'object'),
    -- A second request for the same work finds the first.
    dedupe_key    text not null check (char_length(dedupe_key) between 1 and 200),
    run_at        timestamptz not null default now(),
    attempts      integer not null default 0 check (attempts >= 0),
    max_attempts  integer not null default 12 check (max_attempts between 1 and 100),
    -- Claimed until then; another worker may take it after.
    locked_until  timestamptz,
    -- The claim's token: only its holder records the outcome.
    locked_by     uuid,
    last_error    text,
    done_at       timestamptz,
    -- Given up after max_attempts.
    failed_at     timestamptz,
    created_at    timestamptz not null default now(),
    primary key (tenant_id, job_id),
    constraint job_dedupe_key unique (tenant_id, kind, dedupe_key),
    foreign key (tenant_id) references tenant (tenant_id) on delete cascade
);
-- The pending jobs only: small, so the claim's scan over every tenant's
-- part of it stays short.
create index job_pending_idx on job (tenant_id, run_at)
    where done_at is null and failed_at is null;

create table signing_key (
    tenant_id        uuid not null,
    -- The RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key.
    key_id           text not null check (key_id ~ '^[A-Za-z0-9_-]{43}$'),
    algorithm        text not null default 'RS256' check (algorithm = 'RS256'),
    -- {"kty":"RSA","n":…,"e":…}: what the JWK Set publishes.
    public_jwk       jsonb not null check (jsonb_typeof(public_jwk) = 'object'),
    -- PKCS#1 DER. Read only by the job that signs; never sent anywhere.
    private_key_der  bytea not null,
    created_at       timestamptz not null default now(),
    retired_at       timestamptz,
    primary key (tenant_id, key_id),
    foreign key (tenant_id) references tenant (tenant_id) on delete cascade
);
-- One key signs at a time: two workers creating a portal's first key at
-- once cannot both succeed.
create unique index signing_key_current_key on signing_key (tenant_id) where retired_at is null;

create table certificate (
    tenant_id         uuid not null,
    certificate_id    uuid not null default gen_random_uuid(),
    -- 128 random bits, base32 (lyceum::learning::certificate::CertificateCode).
    code              text not null check (code ~ '^[a-z2-7]{26}$'),
    enrollment_id     uuid not null,
    learner_id        uuid not null,
    course_id         uuid not null,
    -- As they were when the certificate was issued.
    learner_name      text not null check (char_length(learner_name) between 1 and 200),
    course_title      text not null check (char_length(course_title) between 1 and 200),
    instructor_name   text not null check (char_length(instructor_name) between 1 and 200),
    issuer_name       text not null check (char_length(issuer_name) between 1 and 200),
    -- The portal's origin, the credential's issuer id.
    issuer_url        text not null check (issuer_url ~ '^https?://[^/?#]+$'),
    completed_at      timestamptz not null,
    issued_at         timestamptz not null default now(),
    -- The OpenBadgeCredential as a VC-JWT (RS256), and the key that signed it.
    credential_jwt    text not null,
    key_id            text not null,
    revoked_at        timestamptz,
    revoked_reason    text check (char_length(revoked_reason) between 1 and 500),
    revoked_by        uuid,
    primary key (tenant_id, certificate_id),
    constraint certificate_code_key unique (tenant_id, code),
    constraint certificate_enrollment_key unique (tenant_id, enrollment_id),
    constraint certificate_revoked_check check ((revoked_at is null) = (revoked_reason is null)),
    foreign key (tenant_id, enrollment_id) references enrollment (tenant_id, enrollment_id) on delete cascade,
    foreign key (tenant_id, learner_id) references app_user (tenant_id, user_id) on delete cascade,
    foreign key (tenant_id, course_id) references course (tenant_id, course_id) on delete cascade,
    foreign key (tenant_id, key_id) references signing_key (tenant_id, key_id),
    foreign key (tenant_id, revoked_by) references app_user (tenant_id, user_id) on delete set null (revoked_by)
);
create index certificate_learner_idx on certificate (tenant_id, learner_id);
create index certificate_course_idx on certificate (tenant_id, course_id);
create index certificate_key_idx on certificate (tenant_id, key_id);
create index certificate_revoked_by_idx on certificate (tenant_id, revoked_by) where revoked_by is not null;
create index certificate_issued_idx on certificate (tenant_id, issued_at desc);

alter table job enable row level security;
alter table job force row level security;
create policy tenant_isolation on job
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table signing_key enable row level security;
alter table signing_key force row level security;
create policy tenant_isolation on signing_key
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table certificate enable row level security;
alter table certificate force row level security;
create policy tenant_isolation on certificate
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

grant select, insert, update on job to lyceum_app;
grant select, insert, update on signing_key to lyceum_app;
grant select, insert, update on certificate to lyceum_app;

-- Claims up to max_rows due jobs of the given kinds across every tenant
-- for `lease`, and names them; the work itself happens in each job's own
-- tenant transaction. SKIP LOCKED: two workers claiming at once take
-- different jobs.
-- A job whose every attempt ended with its worker gone (its lease ran out
-- with max_attempts used) is marked failed here, since no worker will.
create function job_claim(kinds text[], lease interval, max_rows integer, token uuid)
returns table (tenant_id uuid, job_id uuid, kind text, payload jsonb, attempts integer)
language sql volatile security definer
set search_path = pg_catalog, public, pg_temp
as $$
    update job
       set failed_at = now(), locked_by = null,
           last_error = coalesce(last_error || '; ', '') || 'the worker stopped (lease ran out) on the last attempt'
     where done_at is null and failed_at is null
       and kind = any (kinds)
       and attempts >= max_attempts
       and locked_until < now();
    update job j
       set locked_until = now() + lease,
           locked_by = token,
           attempts = j.attempts + 1
      from (select d.tenant_id, d.job_id
              from job d
             where d.done_at is null and d.failed_at is null
               and d.kind = any (kinds)
               and d.attempts < d.max_attempts
               and d.run_at <= now()
               and (d.locked_until is null or d.locked_until < now())
             order by d.run_at
             limit greatest(least(max_rows, 100), 0)
             for update skip locked) due
     where j.tenant_id = due.tenant_id and j.job_id = due.job_id
    returning j.tenant_id, j.job_id, j.kind, j.payload, j.attempts;
$$;
revoke all on function job_claim(text[], interval, integer, uuid) from public;
grant execute on function job_claim(text[], interval, integer, uuid) to lyceum_app;

-- Courses completed before certificates existed get theirs too.
insert into job (tenant_id, kind, dedupe_key, payload)
select tenant_id, 'certificate.issue', enrollment_id::text, jsonb_build_object('enrollment', enrollment_id)
  from enrollment
 where status = 'completed'
on conflict do nothing;
