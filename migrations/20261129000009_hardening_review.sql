-- Hardening, second pass (issue 10, after a review of migration 8).
--
-- 1. The currency backstop checked every row of every course update, so a
--    course stored in another currency before the rule (see 3.) could not
--    even be unpublished or re-categorised. It now checks inserted rows and
--    updated rows whose price or currency changed: exactly the writes that
--    set a price.
create or replace function course_currency_is_tenants() returns trigger
    language plpgsql
    as $$
begin
    if tg_op = 'INSERT' then
        if exists (select 1 from new_rows n join tenant t on t.tenant_id = n.tenant_id
                    where n.currency <> t.currency) then
            raise exception 'a course must be priced in its portal''s currency'
                using errcode = 'check_violation', constraint = 'course_currency_is_tenants';
        end if;
    elsif exists (
        select 1
          from new_rows n
          join old_rows o on o.tenant_id = n.tenant_id and o.course_id = n.course_id
          join tenant t on t.tenant_id = n.tenant_id
         where n.currency <> t.currency
           and (n.currency, n.list_price_minor, n.sale_price_minor)
               is distinct from (o.currency, o.list_price_minor, o.sale_price_minor)) then
        raise exception 'a course must be priced in its portal''s currency'
            using errcode = 'check_violation', constraint = 'course_currency_is_tenants';
    end if;
    return null;
end;
$$;
drop trigger course_currency_update on course;
create trigger course_currency_update after update on course
    referencing old table as old_rows new table as new_rows
    for each statement execute function course_currency_is_tenants();

-- 2. Title words, counted in one pass in (tenant, term) order: concurrent
--    publishes or renames that share words lock the rows they change in the
--    same order, so they queue instead of deadlocking. (Migration 8 locked
--    increases and decreases in two passes, in hash order.) A count may now
--    be negative for a moment in a row's life only in theory; the check
--    constraint could not be kept with one pass (it is checked before the
--    conflict is resolved), and `similar_terms` offers words with a
--    positive count only.
alter table search_term drop constraint search_term_courses_check;

-- After an update: the words of changed titles and statuses, net.
create or replace function course_title_terms() returns trigger
    language plpgsql
    as $$
begin
    with changed as (
        select n.tenant_id, n.course_id, n.title as new_title, n.status as new_status,
               o.title as old_title, o.status as old_status
          from new_rows n
          join old_rows o on o.tenant_id = n.tenant_id and o.course_id = n.course_id
         where (o.title, o.status) is distinct from (n.title, n.status)),
    delta as (
        select x.tenant_id, x.term, sum(x.d)::integer as d from (
            select distinct c.tenant_id, c.course_id, w as term, 1 as d
              from changed c, regexp_split_to_table(lower(c.new_title), '[^[:alnum:]]+') w
             where c.new_status = 'published' and char_length(w) between 3 and 40
            union all
            select distinct c.tenant_id, c.course_id, w, -1
              from changed c, regexp_split_to_table(lower(c.old_title), '[^[:alnum:]]+') w
             where c.old_status = 'published' and char_length(w) between 3 and 40) x
         group by 1, 2 having sum(x.d) <> 0)
    insert into search_term (tenant_id, term, courses)
    select tenant_id, term, d from delta order by tenant_id, term
    on conflict (tenant_id, term) do update
        set courses = greatest(search_term.courses + excluded.courses, 0);
    return null;
end;
$$;

-- The transition tables each operation has: an INSERT has no old rows and
-- a DELETE no new ones, so each trigger names what the function reads.
drop trigger course_title_terms_insert on course;
drop trigger course_title_terms_update on course;
drop trigger course_title_terms_delete on course;

create function course_title_terms_insert() returns trigger
    language plpgsql
    as $$
begin
    insert into search_term (tenant_id, term, courses)
    select n.tenant_id, w, count(distinct n.course_id)
      from new_rows n, regexp_split_to_table(lower(n.title), '[^[:alnum:]]+') w
     where n.status = 'published' and char_length(w) between 3 and 40
     group by 1, 2
     order by 1, 2
    on conflict (tenant_id, term) do update set courses = search_term.courses + excluded.courses;
    return null;
end;
$$;

-- Only counts down (a cascade from a deleted tenant may already have
-- taken the words, and must not be given them back).
create function course_title_terms_delete() returns trigger
    language plpgsql
    as $$
begin
    update search_term s set courses = greatest(s.courses - x.n, 0)
      from (select o.tenant_id, w as term, count(distinct o.course_id)::integer as n
              from old_rows o, regexp_split_to_table(lower(o.title), '[^[:alnum:]]+') w
             where o.status = 'published' and char_length(w) between 3 and 40
             group by 1, 2) x
     where s.tenant_id = x.tenant_id and s.term = x.term;
    return null;
end;
$$;

create trigger course_title_terms_insert after insert on course
    referencing new table as new_rows
    for each statement execute function course_title_terms_insert();
create trigger course_title_terms_update after update on course
    referencing old table as old_rows new table as new_rows
    for each statement execute function course_title_terms();
create trigger course_title_terms_delete after delete on course
    referencing old table as old_rows
    for each statement execute function course_title_terms_delete();

-- 3. Courses published before a portal sold in one currency, priced in
--    another: their amounts cannot be compared with the portal's (a KRW
--    30,000 course sorted first among dollar prices, and fell under "over
--    50"). They go back to draft, out of the catalog, until their
--    instructor enters a price in the portal's currency (the editor says
--    so). No demo or test data has any.
update course c
   set status = 'draft'
  from tenant t
 where t.tenant_id = c.tenant_id
   and c.status = 'published'
   and c.currency <> t.currency;
