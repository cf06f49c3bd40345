//! Media rules: which uploads are accepted and as what, the byte ranges a
//! player asks for, and the duration an MP4 file states. The bytes
//! themselves are read and stored by the server (`app/src/media/`).

pub mod mp4;
pub mod range;
pub mod upload;
