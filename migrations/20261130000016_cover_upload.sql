-- A course's cover is now an uploaded image (course.cover_asset_id,
-- migration 15), resized and served from /media. The typed URL it
-- replaces could point anywhere (and the page's CSP would not load it).
alter table course drop column cover_image_url;
