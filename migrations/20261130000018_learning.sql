-- Learning: a learner's enrollment in a course, their progress through its
-- lessons, and their attempts at its quizzes. The rules (who may open a
-- lesson, the completion percentage, grading and timing) are in the domain
-- core, src/learning/. Every key leads with tenant_id, every foreign key
-- includes it, every table has the tenant policy.

create table enrollment (
    tenant_id           uuid not null,
    enrollment_id       uuid not null default gen_random_uuid(),
    course_id           uuid not null,
    learner_id          uuid not null,
    source              text not null
                        check (source in ('free', 'purchase', 'subscription', 'admin_grant')),
    status              text not null default 'active'
                        check (status in ('active', 'completed', 'revoked')),
    enrolled_at         timestamptz not null default now(),
    -- Kept when a completed enrollment is later revoked.
    completed_at        timestamptz,
    -- Where "Continue" goes.
    last_lesson_id      uuid,
    -- lyceum::learning::progress::completion_percent, stored at every change.
    completion_percent  smallint not null default 0 check (completion_percent between 0 and 100),
    updated_at          timestamptz not null default now(),
    primary key (tenant_id, enrollment_id),
    -- One per learner per course: a second "Enroll" finds the first.
    constraint enrollment_learner_course_key unique (tenant_id, learner_id, course_id),
    constraint enrollment_completed_check check (status <> 'completed' or completed_at is not null),
    foreign key (tenant_id, course_id) references course (tenant_id, course_id) on delete cascade,
    foreign key (tenant_id, learner_id) references app_user (tenant_id, user_id) on delete cascade,
    foreign key (tenant_id, last_lesson_id) references lesson (tenant_id, lesson_id)
        on delete set null (last_lesson_id)
);
create index enrollment_course_idx on enrollment (tenant_id, course_id);
create index enrollment_last_lesson_idx on enrollment (tenant_id, last_lesson_id)
    where last_lesson_id is not null;

-- One row per lesson a learner has opened.
create table lesson_progress (
    tenant_id      uuid not null,
    enrollment_id  uuid not null,
    lesson_id      uuid not null,
    -- NULL until complete; never unset.
    completed_at   timestamptz,
    -- A video lesson's playback position, restored when the learner returns.
    position_ms    bigint not null default 0 check (position_ms between 0 and 86400000),
    updated_at     timestamptz not null default now(),
    primary key (tenant_id, enrollment_id, lesson_id),
    foreign key (tenant_id, enrollment_id) references enrollment (tenant_id, enrollment_id) on delete cascade,
    foreign key (tenant_id, lesson_id) references lesson (tenant_id, lesson_id) on delete cascade
);
create index lesson_progress_lesson_idx on lesson_progress (tenant_id, lesson_id);

-- One try at a quiz. The questions are copied in when it starts, in the
-- order shown (shuffled if the quiz says so), so an edit to the quiz
-- during the attempt changes neither what the learner sees nor how it is
-- graded. The answer key in `questions` never leaves the server before the
-- attempt is submitted.
create table quiz_attempt (
    tenant_id        uuid not null,
    attempt_id       uuid not null default gen_random_uuid(),
    enrollment_id    uuid not null,
    lesson_id        uuid not null,
    -- 1, 2, 3… per learner and quiz; the unique key makes the attempt
    -- limit hold when two starts race.
    number           smallint not null check (number between 1 and 10000),
    started_at       timestamptz not null default now(),
    -- started_at + the time limit; NULL: none.
    deadline         timestamptz,
    -- [{"id": question uuid, "question": lyceum::authoring::quiz::Question}, …]
    questions        jsonb not null check (jsonb_typeof(questions) = 'array'),
    -- {question uuid: lyceum::learning::grading::Answer}, saved as given.
    answers          jsonb not null default '{}' check (jsonb_typeof(answers) = 'object'),
    submitted_at     timestamptz,
    -- Submitted after the deadline and its grace: graded as of the deadline.
    late             boolean not null default false,
    earned_centi     integer check (earned_centi >= 0),
    possible_centi   integer check (possible_centi >= 0),
    score_percent    smallint check (score_percent between 0 and 100),
    passed           boolean,
    -- [{"id": question uuid, "grade": lyceum::learning::grading::QuestionGrade}, …]
    grades           jsonb check (jsonb_typeof(grades) = 'array'),
    primary key (tenant_id, attempt_id),
    constraint quiz_attempt_number_key unique (tenant_id, enrollment_id, lesson_id, number),
    constraint quiz_attempt_graded_check check (
        (submitted_at is null) = (passed is null)
        and (submitted_at is null) = (score_percent is null)
        and (submitted_at is null) = (grades is null)),
    foreign key (tenant_id, enrollment_id) references enrollment (tenant_id, enrollment_id) on delete cascade,
    foreign key (tenant_id, lesson_id) references lesson (tenant_id, lesson_id) on delete cascade
);
-- At most one attempt in progress per learner and quiz.
create unique index quiz_attempt_open_key on quiz_attempt (tenant_id, enrollment_id, lesson_id)
    where submitted_at is null;
-- The instructor's statistics, per quiz.
create index quiz_attempt_lesson_idx on quiz_attempt (tenant_id, lesson_id);

alter table enrollment enable row level security;
alter table enrollment force row level security;
create policy tenant_isolation on enrollment
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table lesson_progress enable row level security;
alter table lesson_progress force row level security;
create policy tenant_isolation on lesson_progress
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

alter table quiz_attempt enable row level security;
alter table quiz_attempt force row level security;
create policy tenant_isolation on quiz_attempt
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

-- Nothing here is deleted by the server itself: rows go with their
-- course, person or lesson (ON DELETE CASCADE needs no grant).
grant select, insert, update on enrollment to lyceum_app;
grant select, insert, update on lesson_progress to lyceum_app;
grant select, insert, update on quiz_attempt to lyceum_app;
