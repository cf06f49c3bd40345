-- Identity's public face for other contexts: the name shown for a person
-- (an instructor on a course card, later a reviewer or a learner on a
-- certificate). Other contexts read this view, never `app_user` itself
-- (docs/architecture.md, "adding a context"); a test holds them to it.
-- security_invoker: the caller's row level security applies, so a tenant
-- sees its own people only.
create view person_name with (security_invoker = true) as
    select tenant_id, user_id, display_name from app_user;

grant select on person_name to lyceum_app;
