//! What the learning context's server functions send to the browser. No
//! record here carries a quiz's answer key before the attempt it belongs
//! to is submitted: questions travel as [`QuizQuestion`] (prompt, option
//! texts, points), and which options were correct only inside an
//! [`AttemptResult`].

use crate::authoring::records::LessonMedia;
use lyceum::authoring::lesson::LessonKind;
use lyceum::authoring::quiz::QuestionKind;
use lyceum::learning::access::Access;
use lyceum::learning::grading::{Answer, Verdict};
use lyceum::{AttemptId, CourseId, LessonId, QuestionId};
use serde::{Deserialize, Serialize};

/// One lesson in the player's curriculum sidebar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SidebarLesson {
    pub id: LessonId,
    pub title: String,
    pub kind: LessonKind,
    pub minutes: u16,
    pub done: bool,
}

/// A module in the sidebar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SidebarModule {
    pub title: String,
    pub lessons: Vec<SidebarLesson>,
}

/// The player's answer for `/learn/{course}/{lesson}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PlayerPage {
    Open(Box<Player>),
    /// The viewer may not open this lesson: the page answers 403 with a
    /// link to the course.
    Refused {
        course_title: String,
        course_slug: String,
        /// Their enrollment was revoked (rather than never made).
        revoked: bool,
    },
}

/// A lesson in the player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Player {
    pub course_id: CourseId,
    pub course_title: String,
    pub course_slug: String,
    pub lesson: LessonId,
    pub module_title: String,
    pub title: String,
    pub kind: LessonKind,
    pub minutes: u16,
    /// Sanitized HTML of the lesson's Markdown.
    pub body_html: String,
    pub media: LessonMedia,
    /// Why the viewer may open it: enrolled learners' progress is recorded.
    pub access: Access,
    /// This lesson is complete (for this learner).
    pub done: bool,
    /// Where the video stopped last time, in milliseconds.
    pub position_ms: u64,
    pub progress: CourseProgress,
    pub previous: Option<LessonId>,
    pub next: Option<LessonId>,
    pub outline: Vec<SidebarModule>,
    pub quiz: Option<QuizPanel>,
}

/// A learner's progress through a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseProgress {
    pub completed: u32,
    pub total: u32,
    /// `lyceum::learning::progress::completion_percent`.
    pub percent: u8,
    /// Every lesson done: the course is complete.
    pub course_complete: bool,
}

/// What marking a lesson complete, or saving a video's position, changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressUpdate {
    pub lesson_done: bool,
    pub progress: CourseProgress,
}

/// A quiz lesson in the player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizPanel {
    pub passing_score: u8,
    /// `None`: unlimited.
    pub max_attempts: Option<u16>,
    pub time_limit_minutes: Option<u16>,
    pub questions: u32,
    pub points: u32,
    pub attempts_used: u32,
    /// Another attempt may start now (enrolled, none open, attempts left).
    pub may_start: bool,
    pub passed: bool,
    /// The attempt in progress, if any.
    pub open: Option<OpenAttempt>,
    /// Submitted attempts, newest first.
    pub history: Vec<AttemptSummary>,
    /// The newest submitted attempt, question by question.
    pub last_result: Option<AttemptResult>,
}

/// An attempt in progress: its questions in the order shown, without the
/// answer key, and what the learner has answered so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenAttempt {
    pub id: AttemptId,
    pub number: u32,
    /// Unix seconds; `None`: no time limit.
    pub deadline_unix: Option<i64>,
    /// Seconds left when the page was made (the countdown starts there).
    pub seconds_left: Option<i64>,
    pub questions: Vec<QuizQuestion>,
}

/// A question as a learner taking the quiz sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizQuestion {
    pub id: QuestionId,
    pub kind: QuestionKind,
    pub prompt_html: String,
    /// Option texts, in the author's order (choice questions).
    pub options: Vec<String>,
    pub points: u16,
    /// What the learner answered so far (saved as they went).
    pub saved: Option<Answer>,
}

/// One line of a quiz's attempt history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptSummary {
    pub number: u32,
    pub percent: u8,
    pub passed: bool,
    /// Submitted after the time limit: graded as of the deadline.
    pub late: bool,
    /// "12 March 2026".
    pub submitted_on: String,
}

/// A submitted attempt, question by question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptResult {
    pub number: u32,
    pub percent: u8,
    pub passed: bool,
    pub late: bool,
    /// "7.5 of 10 points".
    pub points_text: String,
    /// Which options were right is shown once the quiz is passed or no
    /// attempt is left, so feedback does not hand out the key to the next try.
    pub key_shown: bool,
    pub questions: Vec<QuestionFeedback>,
}

/// Feedback on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionFeedback {
    pub prompt_html: String,
    pub kind: QuestionKind,
    pub verdict: Verdict,
    /// "0.5 of 1".
    pub points_text: String,
    pub options: Vec<OptionFeedback>,
    /// A short-text answer as given.
    pub given_text: Option<String>,
    /// Short text: the accepted answers (when the key is shown).
    pub accepted: Vec<String>,
    pub explanation_html: String,
}

/// A choice as the learner made it, and (when the key is shown) whether
/// it was a correct one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OptionFeedback {
    pub text: String,
    pub chosen: bool,
    pub correct: Option<bool>,
}

/// A course on the learner's "My learning" page and dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyCourse {
    pub course_id: CourseId,
    pub title: String,
    pub slug: String,
    pub instructor: String,
    /// The cover, as HTML made on the server.
    pub cover_html: String,
    pub percent: u8,
    pub completed: bool,
    /// Where "Continue" goes: the last lesson opened, or the first.
    pub continue_href: String,
    /// "Enrolled 3 March 2026" / "Completed 9 April 2026".
    pub since: String,
    pub certificate: CertificateState,
}

/// Where a course's certificate stands, for its learner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CertificateState {
    /// The course is not completed.
    NotEarned,
    /// Completed; a job issues it within moments.
    Pending,
    /// Completed, but issuing it failed (the job gave up; the logs say why).
    Unavailable,
    /// Its code.
    Issued(String),
    Revoked,
}

/// What `/verify/{code}` shows: its title, and its body as HTML made on
/// the server (`learning::verify_page`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificatePage {
    /// `false`: no certificate has this code (the page answers 404).
    pub found: bool,
    pub title: String,
    pub html: String,
}

/// A row of the admins' certificate list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateRow {
    pub code: String,
    pub learner_name: String,
    pub course_title: String,
    pub issued_on: String,
    pub revoked: bool,
}

/// A quiz's results, for its instructor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizStatistics {
    /// Submitted attempts, all learners.
    pub attempts: u32,
    /// Learners who passed.
    pub passed: u32,
    /// Newest activity first.
    pub learners: Vec<LearnerAttempts>,
    /// In the quiz's order.
    pub questions: Vec<QuestionStatistic>,
}

/// One learner's attempts at a quiz.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerAttempts {
    pub name: String,
    pub attempts: u32,
    pub best_percent: u8,
    pub passed: bool,
    /// The last submission's date.
    pub last_on: String,
}

/// How the learners did on one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionStatistic {
    /// The prompt as plain text, shortened.
    pub prompt: String,
    /// Learners who answered it.
    pub answered: u32,
    /// Learners who got it right (in any attempt).
    pub right: u32,
    pub percent_right: u8,
}

/// Lessons completed in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCount {
    /// The week's Monday: "Sep 14".
    pub label: String,
    pub lessons: u32,
}

/// The dashboard's progress tracker: the last 12 weeks, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressTracker {
    pub total: u32,
    pub weeks: Vec<WeekCount>,
    /// The bar chart, drawn on the server (`learning::tracker::chart_svg`).
    pub svg: String,
}

/// A course recommended on the learner's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub title: String,
    pub slug: String,
    pub instructor: String,
    /// Why, in one line ("Learners who took Rust Fundamentals also took this").
    pub reason: String,
}

/// The dashboard's achievements: courses completed and certificates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Achievements {
    pub completed: u32,
    /// Newest first; revoked ones are left out.
    pub certificates: Vec<EarnedCertificate>,
}

/// A certificate in the learner's achievements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarnedCertificate {
    pub code: String,
    pub course_title: String,
    /// "30 Nov 2026".
    pub completed_on: String,
}
