//! The CLI over an archive: `alam entities --jsonl` on generated JSON Lines.
//! Usage: cargo bench --profile native --bench batch -- bench/data
//!
//! From `clean.txt` (`make bench` generates it: ~2 KB paragraphs of ANERcorp
//! news, one a line) it writes articles of three paragraphs as
//! `{"id":k,"text":...}` lines, then runs the `alam` binary on them and prints:
//! throughput with 1 and 2 jobs (MB/s of input, tokens/s; best of 3), per
//! second of CPU time, and the scaling between them, on ~20 MB; peak RSS on ~200 MB with every core (the
//! memory bound: ≤ 100 MB); and, for comparison, peak RSS of `--json` on the
//! 10 MB text held whole. Peak RSS (VmHWM) and CPU time are read from /proc
//! while the child runs, every 10 ms.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ALAM: &str = env!("CARGO_BIN_EXE_alam");

/// Writes about `mb` MiB of articles to `path` by cycling
/// through `paragraphs`; returns the file's size, its tokens and its lines.
fn write_articles(path: &Path, paragraphs: &[&str], mb: usize) -> (u64, u64, u64) {
    let target = mb << 20;
    let mut bytes = 0;
    let mut tokens = 0u64;
    let mut lines = 0u64;
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    for (id, article) in paragraphs.chunks(3).cycle().enumerate() {
        if bytes >= target {
            break;
        }
        let text = article.join("\n");
        tokens += text.split_whitespace().count() as u64;
        let line = format!(
            "{{\"id\":{id},\"text\":{}}}\n",
            serde_json::to_string(&text).unwrap()
        );
        bytes += line.len();
        lines += 1;
        out.write_all(line.as_bytes()).unwrap();
    }
    out.flush().unwrap();
    (bytes as u64, tokens, lines)
}

/// The peak resident set of process `pid` in bytes, if it still runs.
fn peak_rss(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// CPU time (user + system, all threads) of process `pid` so far, if it still
/// runs. `/proc/PID/stat` counts it in clock ticks, 100 a second on Linux.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name in parentheses start at field 3;
    // utime and stime are fields 14 and 15.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// One run of `alam ARGS` on `input`: wall time, CPU time, peak RSS, output
/// lines.
struct Run {
    time: Duration,
    cpu: Duration,
    peak: u64,
    lines: u64,
}

fn run(args: &[&str], input: &Path) -> Run {
    let start = Instant::now();
    let mut child = Command::new(ALAM)
        .args(args)
        .arg(input)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let stdout = child.stdout.take().unwrap();
    // Output is counted on another thread while this one samples the peak.
    let reader = std::thread::spawn(move || BufReader::new(stdout).lines().count() as u64);
    let (mut peak, mut cpu) = (0, Duration::ZERO);
    while !reader.is_finished() {
        peak = peak.max(peak_rss(pid).unwrap_or(0));
        cpu = cpu.max(cpu_time(pid).unwrap_or_default());
        std::thread::sleep(Duration::from_millis(10));
    }
    let lines = reader.join().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "alam {args:?} failed");
    Run {
        time: start.elapsed(),
        cpu,
        peak,
        lines,
    }
}

/// The fastest of three runs (the least disturbed by other work on the machine).
fn best_of_3(args: &[&str], input: &Path, lines: u64) -> Run {
    let runs = (0..3).map(|_| {
        let r = run(args, input);
        assert_eq!(r.lines, lines, "one output line per article");
        r
    });
    runs.min_by_key(|r| r.time).unwrap()
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "bench/data".into());
    let clean = PathBuf::from(&dir).join("clean.txt");
    let text = std::fs::read_to_string(&clean).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `make bench`, which generates it)",
            clean.display()
        )
    });
    let paragraphs: Vec<&str> = text.lines().collect();
    let small = PathBuf::from(&dir).join("articles-20mb.jsonl");
    let large = PathBuf::from(&dir).join("articles-200mb.jsonl");
    let (small_bytes, small_tokens, small_docs) = write_articles(&small, &paragraphs, 20);
    let (large_bytes, _, large_docs) = write_articles(&large, &paragraphs, 200);

    println!(
        "alam entities --jsonl, {:.0} MiB of articles ({:.1} KB each), profile native:",
        mib(small_bytes),
        small_bytes as f64 / small_docs as f64 / 1e3
    );
    let mut runs = Vec::new();
    for jobs in [1u32, 2] {
        let r = best_of_3(
            &["entities", "--jsonl", "--jobs", &jobs.to_string()],
            &small,
            small_docs,
        );
        let secs = r.time.as_secs_f64();
        let cpu = r.cpu.as_secs_f64();
        println!(
            "  --jobs {jobs}: {secs:5.2} s  {:5.2} MB/s  {:4.0}k tokens/s  |  CPU {cpu:5.2} s: per core-second {:5.2} MB, {:4.0}k tokens  |  peak RSS {:.0} MiB",
            small_bytes as f64 / 1e6 / secs,
            small_tokens as f64 / 1e3 / secs,
            small_bytes as f64 / 1e6 / cpu,
            small_tokens as f64 / 1e3 / cpu,
            mib(r.peak),
        );
        runs.push(r);
    }
    let (one, two) = (&runs[0], &runs[1]);
    println!(
        "  scaling 1 -> 2 jobs: wall clock {:.2}x (ideal 2x; only meaningful on an idle machine), \
         CPU time {:.2}x of one job's (ideal 1x: the cost of running in parallel)",
        one.time.as_secs_f64() / two.time.as_secs_f64(),
        two.cpu.as_secs_f64() / one.cpu.as_secs_f64()
    );

    let r = run(&["entities", "--jsonl"], &large);
    assert_eq!(r.lines, large_docs, "one output line per article");
    println!(
        "  {:.0} MiB, every core: {:.1} s, peak RSS {:.0} MiB (target <= 100 MB on 1 GB of articles)",
        mib(large_bytes),
        r.time.as_secs_f64(),
        mib(r.peak)
    );
    let r = run(&["entities", "--json"], &clean);
    println!(
        "  for comparison, --json on the {:.0} MiB text held whole: peak RSS {:.0} MiB ({:.0}x the input)",
        mib(text.len() as u64),
        mib(r.peak),
        r.peak as f64 / text.len() as f64
    );
}
