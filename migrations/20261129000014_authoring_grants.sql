-- A quiz's settings row goes with its lesson (ON DELETE CASCADE, which
-- needs no grant); the server never deletes one itself.
revoke delete on assessment from lyceum_app;
