-- References to a media asset are checked at commit rather than at each
-- statement. Removing a portal deletes its assets and the lessons, courses,
-- profiles and files that name them in one cascade, in an order PostgreSQL
-- chooses: checked at once, an asset could go before the lesson naming it
-- and the removal failed. Checked at commit, the cascade is whole by then.
-- Deleting an asset still in use is refused as before, at commit.
alter table resource alter constraint resource_tenant_id_asset_id_fkey deferrable initially deferred;
alter table lesson alter constraint lesson_tenant_id_video_asset_id_fkey deferrable initially deferred;
alter table course alter constraint course_tenant_id_cover_asset_id_fkey deferrable initially deferred;
alter table instructor_profile alter constraint instructor_profile_tenant_id_photo_asset_id_fkey
    deferrable initially deferred;
