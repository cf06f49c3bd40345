//! The duration an MP4 (ISO base media) file states in its movie header.
//!
//! ISO/IEC 14496-12 §4.2 (box header: 32-bit size, 4-byte type; size 1
//! means a 64-bit size follows, size 0 means "to the end of the file") and
//! §8.2.2 (`mvhd`: version 0 with 32-bit times, version 1 with 64-bit ones;
//! duration in units of the timescale, all ones meaning unknown). `moov`
//! may come before or after the media data, so the probe walks the top
//! level box by box, reading only headers until it reaches `moov`.
//!
//! Written here rather than taken from a crate: the `mp4` crate is
//! unmaintained since 2023 and allocates from sizes read out of the file;
//! this needs a few headers and one small box, and never trusts a size for
//! more than an offset.
//!
//! The probe does no IO: [`DurationProbe::next`] says which bytes it wants,
//! the caller reads them (from storage, in any way) and [`DurationProbe::feed`]s them.

/// Reads at most this many boxes before giving up (a file of a million
/// tiny boxes must not keep the server busy).
const MAX_STEPS: u32 = 256;

/// A box header: its type, how many bytes the header took, and the box's
/// whole size (header included), `None` when it runs to the end of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoxHeader {
    pub kind: [u8; 4],
    pub header_len: u64,
    pub size: Option<u64>,
}

/// Reads a box header from the first 8 (or 16, for a 64-bit size) bytes.
/// `None` when the bytes are too few or the size is smaller than the header.
pub fn parse_box_header(bytes: &[u8]) -> Option<BoxHeader> {
    let size32 = u32::from_be_bytes(bytes.get(0..4)?.try_into().ok()?);
    let kind: [u8; 4] = bytes.get(4..8)?.try_into().ok()?;
    let (header_len, size) = match size32 {
        0 => (8, None),
        1 => {
            let size64 = u64::from_be_bytes(bytes.get(8..16)?.try_into().ok()?);
            (16, Some(size64))
        }
        n => (8, Some(u64::from(n))),
    };
    if size.is_some_and(|s| s < header_len) {
        return None;
    }
    Some(BoxHeader {
        kind,
        header_len,
        size,
    })
}

/// The duration in milliseconds from an `mvhd` box's payload (after its
/// header). `None` for an unknown version, a zero timescale, or the
/// "unknown duration" value.
pub fn mvhd_duration_ms(payload: &[u8]) -> Option<u64> {
    let version = *payload.first()?;
    let (timescale, duration) = match version {
        0 => {
            let timescale = u32::from_be_bytes(payload.get(12..16)?.try_into().ok()?);
            let duration = u32::from_be_bytes(payload.get(16..20)?.try_into().ok()?);
            if duration == u32::MAX {
                return None;
            }
            (timescale, u64::from(duration))
        }
        1 => {
            let timescale = u32::from_be_bytes(payload.get(20..24)?.try_into().ok()?);
            let duration = u64::from_be_bytes(payload.get(24..32)?.try_into().ok()?);
            if duration == u64::MAX {
                return None;
            }
            (timescale, duration)
        }
        _ => return None,
    };
    if timescale == 0 {
        return None;
    }
    u64::try_from(u128::from(duration) * 1000 / u128::from(timescale)).ok()
}

/// What the probe needs next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// Read `len` bytes at `offset` (fewer if the file ends) and feed them.
    Read { offset: u64, len: u64 },
    /// Finished: the duration in milliseconds, if the file states one.
    Done(Option<u64>),
}

#[derive(Debug, Clone, Copy)]
enum State {
    /// Reading the header of a box at `offset`, inside a parent that ends
    /// at `end`; `in_moov` when that parent is `moov`.
    Header {
        offset: u64,
        end: u64,
        in_moov: bool,
    },
    /// Reading the payload of `mvhd`.
    Mvhd {
        offset: u64,
        len: u64,
    },
    Done(Option<u64>),
}

/// Finds the duration of an MP4 file of `file_len` bytes, a few reads at a time.
#[derive(Debug, Clone)]
pub struct DurationProbe {
    file_len: u64,
    state: State,
    steps: u32,
}

/// `mvhd` version 1's payload is 108 bytes; the duration is in its first 32.
const MVHD_READ: u64 = 32;

impl DurationProbe {
    pub fn new(file_len: u64) -> DurationProbe {
        DurationProbe {
            file_len,
            state: State::Header {
                offset: 0,
                end: file_len,
                in_moov: false,
            },
            steps: 0,
        }
    }

    pub fn next(&self) -> Probe {
        match self.state {
            State::Header { offset, end, .. } => {
                if offset.saturating_add(8) > end {
                    Probe::Done(None)
                } else {
                    Probe::Read {
                        offset,
                        len: 16.min(end - offset),
                    }
                }
            }
            State::Mvhd { offset, len } => Probe::Read { offset, len },
            State::Done(result) => Probe::Done(result),
        }
    }

    /// Takes the bytes read for the last [`Probe::Read`].
    pub fn feed(&mut self, bytes: &[u8]) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.state = State::Done(None);
            return;
        }
        self.state = match self.state {
            State::Header {
                offset,
                end,
                in_moov,
            } => match parse_box_header(bytes) {
                None => State::Done(None),
                Some(header) => {
                    let box_end = match header.size {
                        None => end,
                        Some(size) => offset.saturating_add(size),
                    };
                    if box_end > end || box_end > self.file_len {
                        State::Done(None)
                    } else if !in_moov && &header.kind == b"moov" {
                        State::Header {
                            offset: offset + header.header_len,
                            end: box_end,
                            in_moov: true,
                        }
                    } else if in_moov && &header.kind == b"mvhd" {
                        let start = offset + header.header_len;
                        State::Mvhd {
                            offset: start,
                            len: MVHD_READ.min(box_end - start),
                        }
                    } else {
                        State::Header {
                            offset: box_end,
                            end,
                            in_moov,
                        }
                    }
                }
            },
            State::Mvhd { .. } => State::Done(mvhd_duration_ms(bytes)),
            done @ State::Done(_) => done,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut out = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(payload);
        out
    }

    fn mvhd_v0(timescale: u32, duration: u32) -> Vec<u8> {
        let mut p = vec![0u8; 100];
        p[12..16].copy_from_slice(&timescale.to_be_bytes());
        p[16..20].copy_from_slice(&duration.to_be_bytes());
        boxed(b"mvhd", &p)
    }

    fn run(file: &[u8]) -> Option<u64> {
        let mut probe = DurationProbe::new(file.len() as u64);
        loop {
            match probe.next() {
                Probe::Done(result) => return result,
                Probe::Read { offset, len } => {
                    let start = offset as usize;
                    let end = (start + len as usize).min(file.len());
                    probe.feed(&file[start..end]);
                }
            }
        }
    }

    #[test]
    fn finds_the_duration_with_moov_first_or_last() {
        let ftyp = boxed(b"ftyp", b"isom\0\0\0\0isom");
        let moov = boxed(
            b"moov",
            &[boxed(b"udta", &[0; 20]), mvhd_v0(1000, 12_345)].concat(),
        );
        let mdat = boxed(b"mdat", &[7; 5000]);
        assert_eq!(
            run(&[ftyp.clone(), moov.clone(), mdat.clone()].concat()),
            Some(12_345)
        );
        assert_eq!(run(&[ftyp, mdat, moov].concat()), Some(12_345));
    }

    #[test]
    fn version_1_and_a_64_bit_box_size() {
        let mut p = vec![1u8; 108];
        p[0] = 1;
        p[20..24].copy_from_slice(&600u32.to_be_bytes());
        p[24..32].copy_from_slice(&(600u64 * 90).to_be_bytes());
        let mvhd = boxed(b"mvhd", &p);
        // A 64-bit size header for mdat.
        let mut mdat = 1u32.to_be_bytes().to_vec();
        mdat.extend_from_slice(b"mdat");
        mdat.extend_from_slice(&(16u64 + 10).to_be_bytes());
        mdat.extend_from_slice(&[0; 10]);
        let file = [boxed(b"ftyp", b"isom"), mdat, boxed(b"moov", &mvhd)].concat();
        assert_eq!(run(&file), Some(90_000));
    }

    #[test]
    fn lies_and_garbage_end_without_a_duration() {
        // A size past the end of the file.
        let mut lie = boxed(b"moov", &mvhd_v0(1000, 5));
        lie[0..4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(run(&lie), None);
        // A size smaller than the header.
        assert_eq!(run(&[0, 0, 0, 3, b'f', b't', b'y', b'p']), None);
        assert_eq!(run(b""), None);
        assert_eq!(run(&[0xff; 64]), None);
        // Zero timescale, unknown duration.
        assert_eq!(run(&boxed(b"moov", &mvhd_v0(0, 5))), None);
        assert_eq!(run(&boxed(b"moov", &mvhd_v0(1000, u32::MAX))), None);
        // No moov at all.
        assert_eq!(run(&boxed(b"mdat", &[1; 100])), None);
    }

    #[test]
    fn a_million_tiny_boxes_stop_the_probe_early() {
        let file: Vec<u8> = (0..10_000).flat_map(|_| boxed(b"free", &[])).collect();
        let mut probe = DurationProbe::new(file.len() as u64);
        let mut reads = 0;
        while let Probe::Read { offset, len } = probe.next() {
            reads += 1;
            let start = offset as usize;
            probe.feed(&file[start..(start + len as usize).min(file.len())]);
        }
        assert!(reads <= MAX_STEPS + 1, "{reads} reads");
    }
}
