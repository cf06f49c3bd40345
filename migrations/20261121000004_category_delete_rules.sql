-- ON DELETE RESTRICT fires even when the referencing rows go away in the same
-- statement, so deleting a whole tenant (tenant → course → course_category,
-- tenant → category) failed; plain NO ACTION still depends on the order the
-- cascades run in. Checked at commit instead, when every cascade has run:
-- deleting a tenant succeeds, while deleting a category that still has
-- subcategories or courses is still refused (the app checks first and
-- explains; this is the backstop).
alter table course_category
    drop constraint course_category_tenant_id_category_id_fkey,
    add constraint course_category_tenant_id_category_id_fkey
        foreign key (tenant_id, category_id) references category (tenant_id, category_id) on delete no action deferrable initially deferred;

alter table category
    drop constraint category_tenant_id_parent_id_fkey,
    add constraint category_tenant_id_parent_id_fkey
        foreign key (tenant_id, parent_id) references category (tenant_id, category_id) on delete no action deferrable initially deferred;
