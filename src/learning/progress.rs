//! How far along a learner is: when a lesson counts as complete and what
//! percentage of a course that makes.

/// A video lesson is complete once the learner has watched this share of
/// it (90 %), so skipping the closing credits still counts.
pub const VIDEO_WATCHED_PER_MILLE: u64 = 900;

/// How often the player saves the playback position, in seconds.
pub const POSITION_SAVE_SECS: u32 = 5;

/// The course completion percentage, 0–100: completed required lessons
/// over required lessons, rounded down, so 100 means every one is done
/// (199 of 200 is 99 %, never a rounded-up 100). A course without lessons
/// is 0 %. Every lesson of a course is required. Completed lessons that
/// are no longer in the course (deleted since) do not count: pass only
/// those still in it.
pub fn completion_percent(completed: usize, required: usize) -> u8 {
    if required == 0 {
        return 0;
    }
    let done = completed.min(required);
    // At most 100, so the cast cannot truncate.
    (done * 100 / required) as u8
}

/// Whether the course is complete: every required lesson done.
pub fn course_complete(completed: usize, required: usize) -> bool {
    required > 0 && completed >= required
}

/// Whether a video of `duration_ms` counts as watched when playback has
/// reached `position_ms` (90 %). The browser's `ended` is believed only
/// for a video of unknown length (`None`, or 0): for one of known length
/// the position must show it, so a request claiming `ended` at 0 s
/// completes nothing.
pub fn video_watched(position_ms: u64, duration_ms: Option<u64>, ended: bool) -> bool {
    match duration_ms {
        Some(d) if d > 0 => {
            position_ms.saturating_mul(1000) >= d.saturating_mul(VIDEO_WATCHED_PER_MILLE)
        }
        _ => ended,
    }
}

/// The longest position stored, in milliseconds: 24 hours (no lesson
/// video is longer; `lesson_progress.position_ms` holds no more).
pub const POSITION_MAX_MS: u64 = 24 * 3600 * 1000;

/// A playback position as reported by a browser, in milliseconds, made
/// safe to store: negative or absurd values become 0, and a position past
/// the end of a video of known length is the end.
pub fn clamp_position(position_ms: i64, duration_ms: Option<u64>) -> u64 {
    let position = u64::try_from(position_ms).unwrap_or(0);
    match duration_ms {
        Some(d) if d > 0 => position.min(d).min(POSITION_MAX_MS),
        _ => position.min(POSITION_MAX_MS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_rounds_down_and_is_100_only_when_everything_is_done() {
        assert_eq!(completion_percent(0, 8), 0);
        assert_eq!(completion_percent(1, 8), 12);
        assert_eq!(completion_percent(4, 8), 50);
        assert_eq!(completion_percent(199, 200), 99);
        assert_eq!(completion_percent(200, 200), 100);
        assert_eq!(completion_percent(1, 3), 33);
        assert_eq!(completion_percent(2, 3), 66);
    }

    #[test]
    fn an_empty_course_is_never_complete_and_extra_counts_are_capped() {
        assert_eq!(completion_percent(0, 0), 0);
        assert_eq!(completion_percent(3, 0), 0);
        assert!(!course_complete(0, 0));
        assert_eq!(completion_percent(9, 8), 100);
        assert!(course_complete(8, 8));
        assert!(!course_complete(7, 8));
    }

    #[test]
    fn a_video_is_watched_at_ninety_percent_or_at_its_end() {
        assert!(!video_watched(89_999, Some(100_000), false));
        assert!(video_watched(90_000, Some(100_000), false));
        assert!(video_watched(100_000, Some(100_000), false));
        // `ended` from the browser does not outweigh the position.
        assert!(!video_watched(0, Some(100_000), true));
        assert!(video_watched(100_000, Some(100_000), true));
        assert!(!video_watched(0, Some(u64::MAX), false));
        // Unknown length: only the end counts.
        assert!(!video_watched(500_000, None, false));
        assert!(video_watched(0, None, true));
        assert!(!video_watched(u64::MAX, Some(0), false));
        // No overflow on absurd positions.
        assert!(video_watched(u64::MAX, Some(100_000), false));
    }

    #[test]
    fn positions_are_clamped_to_the_video() {
        assert_eq!(clamp_position(-5, Some(10_000)), 0);
        assert_eq!(clamp_position(5_000, Some(10_000)), 5_000);
        assert_eq!(clamp_position(50_000, Some(10_000)), 10_000);
        assert_eq!(clamp_position(i64::MAX, None), 24 * 3600 * 1000);
        // A file claiming a week-long video still stores at most a day.
        assert_eq!(
            clamp_position(i64::MAX, Some(7 * 24 * 3600 * 1000)),
            POSITION_MAX_MS
        );
    }
}
