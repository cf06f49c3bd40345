//! Media over HTTP: uploads (streamed, typed by content, limited, cleaned
//! up when refused or cut off), delivery (Range, ETag, signed URLs,
//! tenants) and the sweep.

use crate::authoring::fixtures::{actor, build};
use crate::helpers::*;
use lyceum::authoring::lesson::LessonKind::{Text, Video};
use lyceum::{CourseId, LessonId, Persona};
use lyceum_app::state::TokenSecret;
use reqwest::multipart::{Form, Part};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SAMPLE_MP4: &[u8] = include_bytes!("../../demo/lesson-sample.mp4");
const SAMPLE_PDF: &[u8] = include_bytes!("../../demo/week-1-notes.pdf");

struct Setup {
    app: TestApp,
    host: String,
    cookie: String,
    teacher: lyceum::Actor,
    course: CourseId,
    video: LessonId,
    text: LessonId,
}

impl Setup {
    async fn new() -> Setup {
        let app = TestApp::spawn().await;
        let teacher = create_user(&app.owner, &app.a, "media@a.test", Persona::Instructor).await;
        let db = runtime_db(1).await;
        let who = actor(teacher);
        let mut tx = db.begin_as(app.a.id.into(), Some(who.id)).await.unwrap();
        let draft = lyceum_app::catalog::records::CourseDraft {
            title: "Media".into(),
            pricing_model: "free".into(),
            currency: "USD".into(),
            skill_level: "beginner".into(),
            language: "en".into(),
            ..Default::default()
        };
        let (course, _) = lyceum_app::catalog::courses::create(&mut tx, who, &draft)
            .await
            .unwrap();
        let view = build(
            &mut tx,
            who,
            course,
            &[("One", &[("Watch", Video), ("Read", Text)])],
        )
        .await;
        tx.commit().await.unwrap();
        let host = app.host_of(&app.a);
        let cookie = app.session_for(&app.a, "media@a.test").await;
        let (video, text) = (view.modules[0].lessons[0].id, view.modules[0].lessons[1].id);
        Setup {
            app,
            host,
            cookie,
            teacher: who,
            course,
            video,
            text,
        }
    }

    fn path(&self, lesson: LessonId, what: &str) -> String {
        format!(
            "/instructor/courses/{}/lessons/{lesson}/{what}",
            self.course
        )
    }

    async fn upload(
        &self,
        lesson: LessonId,
        what: &str,
        name: &str,
        mime: &str,
        bytes: Vec<u8>,
    ) -> Reply {
        let part = Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str(mime)
            .unwrap();
        let form = Form::new().part("file", part);
        self.app
            .upload(
                &self.host,
                &self.path(lesson, what),
                form,
                &self.cookie,
                true,
            )
            .await
    }

    async fn assets(&self) -> Vec<(String, i64)> {
        sqlx::query_as(
            "select status, byte_size from media_asset where tenant_id = $1 order by created_at",
        )
        .bind(self.app.a.id)
        .fetch_all(&self.app.owner)
        .await
        .unwrap()
    }

    /// Files stored for tenant A (the test server's media directory).
    fn stored_files(&self) -> Vec<std::path::PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(&test_media_dir().join(self.app.a.id.to_string()), &mut out);
        out
    }

    /// The `src` of the lesson editor's video.
    async fn video_url(&self) -> String {
        let page = self
            .app
            .get(
                &self.host,
                self.path(self.video, "").trim_end_matches('/'),
                Some(&self.cookie),
            )
            .await;
        assert_eq!(page.status, 200);
        let at = page
            .body
            .find("data-testid=\"lesson-video\"")
            .expect("the editor shows the video");
        let tag_start = page.body[..at].rfind("<video").unwrap();
        let tag = &page.body[tag_start..at + 200];
        let src = tag
            .split("src=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        html_escape::decode_html_entities(src).into_owned()
    }
}

fn header<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn a_video_upload_is_stored_whole_and_served_in_ranges() {
    let s = Setup::new().await;
    let done = s
        .upload(
            s.video,
            "video",
            "intro.mp4",
            "video/mp4",
            SAMPLE_MP4.to_vec(),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body, r#"{"ok":true}"#);
    let (sha, size, duration, public): (Vec<u8>, i64, Option<i64>, bool) = sqlx::query_as(
        "select sha256, byte_size, duration_ms, public from media_asset where tenant_id = $1 and status = 'ready'",
    )
    .bind(s.app.a.id)
    .fetch_one(&s.app.owner)
    .await
    .unwrap();
    use sha2::Digest;
    assert_eq!(sha, sha2::Sha256::digest(SAMPLE_MP4).to_vec());
    assert_eq!(size as usize, SAMPLE_MP4.len());
    assert_eq!(duration, Some(6000), "read from the mvhd box");
    assert!(!public, "not a free preview: signed URLs only");

    let url = s.video_url().await;
    assert!(url.contains("?expires=") && url.contains("&sig="), "{url}");
    let whole = s.app.get_with(&s.host, &url, &[]).await;
    assert_eq!(whole.status, 200);
    assert_eq!(whole.bytes, SAMPLE_MP4);
    assert_eq!(header(&whole, "content-type"), "video/mp4");
    assert_eq!(header(&whole, "accept-ranges"), "bytes");
    assert_eq!(header(&whole, "x-content-type-options"), "nosniff");
    assert!(
        header(&whole, "cache-control").starts_with("private, max-age="),
        "{:?}",
        whole.headers
    );
    assert!(header(&whole, "content-disposition").starts_with("inline; filename=\"intro.mp4\""));
    let etag = header(&whole, "etag").to_owned();
    assert!(etag.starts_with('"'));

    let len = SAMPLE_MP4.len();
    let first = s
        .app
        .get_with(&s.host, &url, &[("range", "bytes=0-99")])
        .await;
    assert_eq!(first.status, 206);
    assert_eq!(first.bytes, &SAMPLE_MP4[..100]);
    assert_eq!(header(&first, "content-range"), format!("bytes 0-99/{len}"));
    assert_eq!(header(&first, "content-length"), "100");
    let middle = s
        .app
        .get_with(&s.host, &url, &[("range", "bytes=1000-1999")])
        .await;
    assert_eq!(middle.status, 206);
    assert_eq!(middle.bytes, &SAMPLE_MP4[1000..2000]);
    let tail = s
        .app
        .get_with(&s.host, &url, &[("range", "bytes=-10")])
        .await;
    assert_eq!(tail.bytes, &SAMPLE_MP4[len - 10..]);
    let past = s
        .app
        .get_with(&s.host, &url, &[("range", &format!("bytes={len}-"))])
        .await;
    assert_eq!(past.status, 416);
    assert_eq!(header(&past, "content-range"), format!("bytes */{len}"));
    // A stale copy (another ETag) gets the whole file, not a range of this one.
    let stale = s
        .app
        .get_with(
            &s.host,
            &url,
            &[("range", "bytes=0-9"), ("if-range", "\"other\"")],
        )
        .await;
    assert_eq!(stale.status, 200);
    let cached = s
        .app
        .get_with(&s.host, &url, &[("if-none-match", &etag)])
        .await;
    assert_eq!(cached.status, 304);
    assert!(cached.bytes.is_empty());

    // Signatures: tampered, expired, missing; another tenant's portal.
    let asset_path = url.split('?').next().unwrap();
    let tampered = url.replace("sig=", "sig=A");
    assert_eq!(s.app.get_with(&s.host, &tampered, &[]).await.status, 403);
    assert_eq!(s.app.get_with(&s.host, asset_path, &[]).await.status, 403);
    let later = url.replace("expires=", "expires=9");
    assert_eq!(
        s.app.get_with(&s.host, &later, &[]).await.status,
        403,
        "a changed expiry breaks the signature"
    );
    let asset: lyceum::AssetId = asset_path.split('/').nth(2).unwrap().parse().unwrap();
    let key = TokenSecret::new(TEST_TOKEN_SECRET).unwrap();
    let expired = lyceum_app::media::signing::query(
        &key,
        s.app.a.id.into(),
        asset,
        lyceum_app::clock::now_secs() - 5,
    );
    assert_eq!(
        s.app
            .get_with(&s.host, &format!("{asset_path}?{expired}"), &[])
            .await
            .status,
        403
    );
    let other = s.app.host_of(&s.app.b);
    assert_eq!(
        s.app.get_with(&other, &url, &[]).await.status,
        404,
        "another tenant's asset is not found"
    );
    assert_eq!(
        s.app
            .get_with(&s.host, "/media/not-a-uuid/original", &[])
            .await
            .status,
        404
    );
    assert_eq!(
        s.app
            .get_with(&s.host, &url.replace("/original", "/cover-480.jpg"), &[])
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn refused_and_interrupted_uploads_leave_nothing_behind() {
    let s = Setup::new().await;
    // An executable renamed .mp4.
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend_from_slice(&[0; 4000]);
    let refused = s
        .upload(s.video, "video", "movie.mp4", "video/mp4", elf)
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("\"code\":\"unrecognised\""),
        "{}",
        refused.body
    );
    let empty = s
        .upload(s.video, "video", "empty.mp4", "video/mp4", Vec::new())
        .await;
    assert!(empty.body.contains("\"code\":\"empty\""), "{}", empty.body);
    let pdf = s
        .upload(
            s.video,
            "video",
            "notes.pdf",
            "application/pdf",
            SAMPLE_PDF.to_vec(),
        )
        .await;
    assert!(
        pdf.body.contains("\"code\":\"not_accepted\""),
        "{}",
        pdf.body
    );
    let renamed = s
        .upload(
            s.text,
            "resources",
            "notes.mp4",
            "video/mp4",
            SAMPLE_PDF.to_vec(),
        )
        .await;
    assert!(
        renamed.body.contains("\"code\":\"mismatch\""),
        "{}",
        renamed.body
    );
    let svg = s
        .upload(
            s.text,
            "resources",
            "logo.svg",
            "image/svg+xml",
            b"<svg onload=alert(1)>".to_vec(),
        )
        .await;
    assert!(svg.body.contains("\"code\":\"markup\""), "{}", svg.body);
    // A video in a text lesson.
    let wrong = s
        .upload(
            s.text,
            "video",
            "intro.mp4",
            "video/mp4",
            SAMPLE_MP4.to_vec(),
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.body.contains("Only a video lesson has a video."),
        "{}",
        wrong.body
    );

    // Over the limit: the tenant allows 1 MB. Said by Content-Length, and
    // found while streaming a body that does not say its length.
    sqlx::query("update tenant set settings = settings || jsonb_build_object('features', coalesce(settings -> 'features', '{}') || '{\"max_upload_mb\": 1}') where tenant_id = $1")
        .bind(s.app.a.id)
        .execute(&s.app.owner)
        .await
        .unwrap();
    let mut big = SAMPLE_MP4.to_vec();
    big.resize(2 * 1024 * 1024, 0);
    let declared = s
        .upload(s.video, "video", "big.mp4", "video/mp4", big.clone())
        .await;
    assert_eq!(declared.status, 413, "{}", declared.body);
    assert!(
        declared.body.contains("1 MB your plan allows"),
        "{}",
        declared.body
    );
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        big.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
    let stream = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let part = Part::stream(stream)
        .file_name("big.mp4")
        .mime_str("video/mp4")
        .unwrap();
    let streamed = s
        .app
        .upload(
            &s.host,
            &s.path(s.video, "video"),
            Form::new().part("file", part),
            &s.cookie,
            true,
        )
        .await;
    assert_eq!(streamed.status, 413, "{}", streamed.body);

    // A form that never reaches its file (no boundary, 900 KB of junk)
    // is cut off early instead of being held in memory.
    let junk = s
        .app
        .post_raw(
            &s.host,
            &s.path(s.video, "video"),
            &s.cookie,
            "multipart/form-data; boundary=NEVERSENT",
            vec![b'x'; 900 * 1024],
        )
        .await;
    assert_eq!(junk.status, 422, "{}", junk.body);
    assert!(
        junk.body.contains("\"code\":\"interrupted\""),
        "{}",
        junk.body
    );

    // A plain form is sent back to the editor with the reason.
    let part = Part::bytes(Vec::new())
        .file_name("x.mp4")
        .mime_str("video/mp4")
        .unwrap();
    let plain = s
        .app
        .upload(
            &s.host,
            &s.path(s.video, "video"),
            Form::new().part("file", part),
            &s.cookie,
            false,
        )
        .await;
    assert_eq!(plain.status, 303);
    assert!(plain
        .location()
        .unwrap()
        .ends_with("?upload_error=empty#media"));

    // A connection dropped midway: half a file, then nothing.
    sqlx::query(
        "update tenant set settings = settings #- '{features,max_upload_mb}' where tenant_id = $1",
    )
    .bind(s.app.a.id)
    .execute(&s.app.owner)
    .await
    .unwrap();
    let boundary = "XBOUNDARYX";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
    );
    let mut body = head.into_bytes();
    body.extend_from_slice(&SAMPLE_MP4[..100_000]);
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\nCookie: {}\r\nAccept: application/json\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        s.path(s.video, "video"), s.host, s.host, s.cookie, body.len() + 500_000
    );
    let mut socket = tokio::net::TcpStream::connect(s.app.addr).await.unwrap();
    socket.write_all(request.as_bytes()).await.unwrap();
    socket.write_all(&body).await.unwrap();
    socket.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    socket.shutdown().await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        socket.read_to_end(&mut answer),
    )
    .await;
    drop(socket);

    // Nothing stored, no row left: the interrupted upload is cleaned up as
    // soon as the server notices the connection is gone.
    for _ in 0..50 {
        if s.assets().await.is_empty() && s.stored_files().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(s.assets().await, vec![], "no asset rows");
    assert_eq!(
        s.stored_files(),
        Vec::<std::path::PathBuf>::new(),
        "no files"
    );
}

#[tokio::test]
async fn files_attach_to_a_lesson_and_preview_media_is_public_until_released_and_swept() {
    let s = Setup::new().await;
    let part = Part::bytes(SAMPLE_PDF.to_vec())
        .file_name("week-1-notes.pdf")
        .mime_str("application/pdf")
        .unwrap();
    let form = Form::new().text("title", "Week 1 notes").part("file", part);
    let plain = s
        .app
        .upload(
            &s.host,
            &s.path(s.text, "resources"),
            form,
            &s.cookie,
            false,
        )
        .await;
    assert_eq!(plain.status, 303, "{}", plain.body);
    assert!(plain.location().unwrap().ends_with("?upload=done#media"));
    let page = s
        .app
        .get(
            &s.host,
            &format!("{}?upload=done", s.path(s.text, "").trim_end_matches('/')),
            Some(&s.cookie),
        )
        .await;
    assert!(page.body.contains("Upload complete."));
    let listed = page
        .body
        .find("data-testid=\"resource-list\"")
        .map(|at| &page.body[at..(at + 1500).min(page.body.len())]);
    assert!(
        listed.is_some_and(|l| l.contains("Week 1 notes")),
        "the file is listed: {listed:?}"
    );
    let href = page
        .body
        .split("download=\"week-1-notes.pdf\"")
        .next()
        .unwrap();
    let href = href
        .rsplit("href=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let href = html_escape::decode_html_entities(href).into_owned();
    let file = s.app.get_with(&s.host, &href, &[]).await;
    assert_eq!(file.status, 200, "{href}");
    assert_eq!(file.bytes, SAMPLE_PDF);
    assert!(header(&file, "content-disposition")
        .starts_with("attachment; filename=\"week-1-notes.pdf\""));

    // A free-preview lesson's video is public: no signature needed, cached by anyone.
    let done = s
        .upload(
            s.video,
            "video",
            "intro.mp4",
            "video/mp4",
            SAMPLE_MP4.to_vec(),
        )
        .await;
    assert_eq!(done.status, 200);
    let db = runtime_db(1).await;
    let who = s.teacher;
    let mut tx = db.begin_as(s.app.a.id.into(), Some(who.id)).await.unwrap();
    let draft = lyceum::authoring::lesson::LessonDraft {
        title: "Watch".into(),
        estimated_minutes: "6".into(),
        free_preview: true,
        body: String::new(),
    };
    lyceum_app::authoring::lessons::save(&mut tx, who, s.course, s.video, &draft)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let url = s.video_url().await;
    assert!(!url.contains("sig="), "{url}");
    let open = s.app.get_with(&s.host, &url, &[]).await;
    assert_eq!(open.status, 200);
    // Public, but briefly cached: the preview flag can be turned off.
    assert_eq!(header(&open, "cache-control"), "public, max-age=300");

    // Replacing the video releases the old one; the sweep deletes it.
    let again = s
        .upload(
            s.video,
            "video",
            "intro-2.mp4",
            "video/mp4",
            SAMPLE_MP4.to_vec(),
        )
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
    let statuses: Vec<String> = s.assets().await.into_iter().map(|(st, _)| st).collect();
    assert_eq!(statuses, ["ready", "released", "ready"]);
    let files_before = s.stored_files().len();
    let media = test_media();
    let swept =
        lyceum_app::media::sweep::sweep_once(&db, &media, std::time::Duration::from_secs(3600))
            .await
            .unwrap();
    assert!(swept >= 1);
    let statuses: Vec<String> = s.assets().await.into_iter().map(|(st, _)| st).collect();
    assert_eq!(statuses, ["ready", "ready"]);
    assert_eq!(s.stored_files().len(), files_before - 1);
    assert_eq!(
        s.app.get_with(&s.host, &url, &[]).await.status,
        404,
        "the released video is gone"
    );

    // An asset released by mistake while a lesson still shows it is kept
    // (its references are checked at commit, but the sweep checks them at
    // once, before deleting files) and goes back to ready.
    sqlx::query(
        "update media_asset set status = 'released' where tenant_id = $1 and status = 'ready'",
    )
    .bind(s.app.a.id)
    .execute(&s.app.owner)
    .await
    .unwrap();
    let files_before = s.stored_files().len();
    lyceum_app::media::sweep::sweep_once(&db, &media, std::time::Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(
        s.stored_files().len(),
        files_before,
        "files in use are kept"
    );
    assert_eq!(
        s.app
            .get_with(&s.host, &s.video_url().await, &[])
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn the_api_uploads_videos_files_and_covers_under_the_same_rules() {
    use serde_json::{json, Value};
    let t = crate::catalog::rest::Api::new().await;
    let teach = t.token(&t.instructor).await;
    let created = t
        .call(
            "POST",
            "/api/v1/courses",
            Some(&teach),
            Some(t.course("Media by API")),
        )
        .await;
    assert_eq!(created.status(), 201, "{created:?}");
    let course = created.json["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/courses/{course}");
    let module = t
        .call(
            "POST",
            &format!("{base}/modules"),
            Some(&teach),
            Some(json!({"title": "One"})),
        )
        .await;
    let module = module.json["modules"][0]["id"].as_str().unwrap().to_owned();
    for (title, kind) in [("Watch", "video"), ("Read", "text")] {
        let l = t
            .call(
                "POST",
                &format!("{base}/modules/{module}/lessons"),
                Some(&teach),
                Some(json!({"title": title, "kind": kind})),
            )
            .await;
        assert_eq!(l.status(), 201, "{l:?}");
    }
    let now = t
        .call("GET", &format!("{base}/curriculum"), Some(&teach), None)
        .await
        .json;
    let lesson = |i: usize| {
        now["modules"][0]["lessons"][i]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (video, text) = (lesson(0), lesson(1));
    let host = t.host();
    let json = |r: &Reply| serde_json::from_slice::<Value>(&r.bytes).unwrap_or(Value::Null);

    let stored = t
        .app
        .api_upload(
            "PUT",
            &host,
            &format!("{base}/lessons/{video}/video?fileName=intro.mp4"),
            &teach,
            "video/mp4",
            SAMPLE_MP4.to_vec(),
        )
        .await;
    assert_eq!(stored.status, 200, "{}", stored.body);
    let asset = json(&stored);
    assert_eq!(asset["contentType"], "video/mp4");
    assert_eq!(asset["durationMs"], 6000);
    assert_eq!(asset["byteSize"], SAMPLE_MP4.len());
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(SAMPLE_MP4)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(asset["sha256"], hex);

    // The same refusals as the pages, as JSON.
    let elf = t
        .app
        .api_upload(
            "PUT",
            &host,
            &format!("{base}/lessons/{video}/video?fileName=intro.mp4"),
            &teach,
            "video/mp4",
            b"\x7fELF\x02\x01\x01\0rest".to_vec(),
        )
        .await;
    assert_eq!(elf.status, 422);
    assert_eq!(json(&elf)["error"]["code"], "unrecognised");
    let nameless = t
        .app
        .api_upload(
            "PUT",
            &host,
            &format!("{base}/lessons/{video}/video"),
            &teach,
            "video/mp4",
            SAMPLE_MP4.to_vec(),
        )
        .await;
    assert_eq!(
        json(&nameless)["error"]["code"],
        "mismatch",
        "the name's extension must agree"
    );
    let in_text = t
        .app
        .api_upload(
            "PUT",
            &host,
            &format!("{base}/lessons/{text}/video?fileName=a.mp4"),
            &teach,
            "video/mp4",
            SAMPLE_MP4.to_vec(),
        )
        .await;
    assert_eq!(in_text.status, 422, "{}", in_text.body);

    let file = t
        .app
        .api_upload(
            "POST",
            &host,
            &format!("{base}/lessons/{text}/resources?fileName=notes.pdf&title=Notes"),
            &teach,
            "application/pdf",
            SAMPLE_PDF.to_vec(),
        )
        .await;
    assert_eq!(file.status, 201, "{}", file.body);
    assert_eq!(json(&file)["kind"], "document");

    let png = include_bytes!("../../../end2end/tests/fixtures/cover.png");
    let cover = t
        .app
        .api_upload(
            "PUT",
            &host,
            &format!("{base}/cover?fileName=cover.png"),
            &teach,
            "image/png",
            png.to_vec(),
        )
        .await;
    assert_eq!(cover.status, 200, "{}", cover.body);
    let url = json(&cover)["coverImageUrl"].as_str().unwrap().to_owned();
    assert!(url.ends_with("/cover-1280.jpg"), "{url}");
    let svg = t
        .app
        .api_upload(
            "PUT",
            &host,
            &format!("{base}/cover?fileName=logo.svg"),
            &teach,
            "image/svg+xml",
            b"<svg/>".to_vec(),
        )
        .await;
    assert_eq!(json(&svg)["error"]["code"], "markup");

    // Another instructor's course: refused before anything is read or kept.
    let other = t.token(&t.other_instructor).await;
    let foreign = t
        .app
        .api_upload(
            "PUT",
            &host,
            &format!("{base}/lessons/{video}/video?fileName=intro.mp4"),
            &other,
            "video/mp4",
            SAMPLE_MP4.to_vec(),
        )
        .await;
    assert!(matches!(foreign.status, 403 | 404), "{}", foreign.status);
    let kept: i64 = sqlx::query_scalar("select count(*) from media_asset where tenant_id = $1")
        .bind(t.app.a.id)
        .fetch_one(&t.app.owner)
        .await
        .unwrap();
    assert_eq!(
        kept, 3,
        "the video, the file and the cover; nothing of the refusals"
    );
}
