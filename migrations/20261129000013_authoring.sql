-- Authoring: the inside of a course. A curriculum (one per course, with the
-- version every reorder checks), its modules in order, their lessons in
-- order, and for a quiz lesson its settings (assessment) and questions.
--
-- Positions are dense (0, 1, 2, …) within their parent; the unique keys on
-- them are deferred to commit, so a reorder rewrites every position in one
-- statement. Every key leads with tenant_id, every foreign key includes it
-- (docs/scaling.md), and every table has the tenant policy.

create table curriculum (
    tenant_id   uuid not null,
    course_id   uuid not null,
    -- Goes up by one with every change of order or of the set of modules
    -- and lessons; a reorder names the version it was made against.
    version     bigint not null default 0 check (version >= 0),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, course_id),
    foreign key (tenant_id, course_id) references course (tenant_id, course_id) on delete cascade
);

create table module (
    tenant_id   uuid not null,
    module_id   uuid not null default gen_random_uuid(),
    course_id   uuid not null,
    title       text not null check (char_length(title) between 1 and 120),
    position    integer not null check (position between 0 and 99),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, module_id),
    -- What lesson's foreign key names, so a lesson's module is of its course.
    constraint module_course_key unique (tenant_id, course_id, module_id),
    constraint module_position_key unique (tenant_id, course_id, position) deferrable initially deferred,
    foreign key (tenant_id, course_id) references curriculum (tenant_id, course_id) on delete cascade
);

create table lesson (
    tenant_id          uuid not null,
    lesson_id          uuid not null default gen_random_uuid(),
    course_id          uuid not null,
    module_id          uuid not null,
    title              text not null check (char_length(title) between 1 and 120),
    kind               text not null check (kind in ('text', 'video', 'file', 'quiz')),
    position           integer not null check (position between 0 and 499),
    estimated_minutes  smallint not null default 0 check (estimated_minutes between 0 and 600),
    -- Visitors may open it from the course page before enrolling.
    free_preview       boolean not null default false,
    -- Markdown source: the text of a text lesson, notes under the others.
    body               text not null default '' check (char_length(body) <= 100000),
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    primary key (tenant_id, lesson_id),
    constraint lesson_position_key unique (tenant_id, module_id, position) deferrable initially deferred,
    foreign key (tenant_id, course_id, module_id)
        references module (tenant_id, course_id, module_id) on delete cascade
);
create index lesson_course_idx on lesson (tenant_id, course_id);

-- A quiz lesson's settings.
create table assessment (
    tenant_id           uuid not null,
    lesson_id           uuid not null,
    passing_score       smallint not null default 70 check (passing_score between 0 and 100),
    -- NULL: unlimited.
    max_attempts        smallint check (max_attempts between 1 and 100),
    -- NULL: no limit.
    time_limit_minutes  smallint check (time_limit_minutes between 1 and 600),
    shuffle             boolean not null default false,
    primary key (tenant_id, lesson_id),
    foreign key (tenant_id, lesson_id) references lesson (tenant_id, lesson_id) on delete cascade
);

create table question (
    tenant_id         uuid not null,
    question_id       uuid not null default gen_random_uuid(),
    lesson_id         uuid not null,
    position          integer not null check (position between 0 and 199),
    kind              text not null check (kind in ('single', 'multiple', 'true_false', 'short_text')),
    prompt            text not null check (char_length(prompt) between 1 and 5000),
    -- Choice questions: [{"text": …, "correct": bool}, …] (2–10).
    options           jsonb not null default '[]'
                      check (jsonb_typeof(options) = 'array' and jsonb_array_length(options) <= 10),
    -- Short-text questions: answers compared case-insensitively.
    accepted_answers  text[] not null default '{}' check (cardinality(accepted_answers) <= 20),
    points            smallint not null default 1 check (points between 1 and 100),
    explanation       text not null default '' check (char_length(explanation) <= 5000),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    primary key (tenant_id, question_id),
    constraint question_position_key unique (tenant_id, lesson_id, position) deferrable initially deferred,
    foreign key (tenant_id, lesson_id) references assessment (tenant_id, lesson_id) on delete cascade
);

alter table curriculum enable row level security;
alter table curriculum force row level security;
create policy tenant_isolation on curriculum
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table module enable row level security;
alter table module force row level security;
create policy tenant_isolation on module
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table lesson enable row level security;
alter table lesson force row level security;
create policy tenant_isolation on lesson
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table assessment enable row level security;
alter table assessment force row level security;
create policy tenant_isolation on assessment
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table question enable row level security;
alter table question force row level security;
create policy tenant_isolation on question
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

grant select, insert, update on curriculum to lyceum_app;
grant select, insert, update, delete on module to lyceum_app;
grant select, insert, update, delete on lesson to lyceum_app;
grant select, insert, update, delete on assessment to lyceum_app;
grant select, insert, update, delete on question to lyceum_app;
