-- Reviews: a learner's rating of a course (1-5 stars) and optional text,
-- one per learner and course, editable. Owned by the catalog, which keeps
-- course.rating_average / rating_count from these rows in the same
-- transaction (its rating facet and sort read those). Learning decides
-- who may review (an enrolled learner) and calls the catalog.

create table course_review (
    tenant_id   uuid not null,
    course_id   uuid not null,
    learner_id  uuid not null,
    rating      smallint not null check (rating between 1 and 5),
    body        text not null default '' check (char_length(body) <= 2000),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, course_id, learner_id),
    foreign key (tenant_id, course_id) references course (tenant_id, course_id) on delete cascade,
    foreign key (tenant_id, learner_id) references app_user (tenant_id, user_id) on delete cascade
);
-- The course page's recent reviews.
create index course_review_recent_idx on course_review (tenant_id, course_id, updated_at desc);
create index course_review_learner_idx on course_review (tenant_id, learner_id);

alter table course_review enable row level security;
alter table course_review force row level security;
create policy tenant_isolation on course_review
    using (tenant_id = (select current_tenant_id()))
    with check (tenant_id = (select current_tenant_id()));

grant select, insert, update on course_review to lyceum_app;
