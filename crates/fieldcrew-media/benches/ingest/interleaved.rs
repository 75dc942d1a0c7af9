//! In-process timings of fieldcrew's two routes and Pillow, taken in turns
//! (fieldcrew file, fieldcrew bytes, Pillow, again) so that the load other
//! processes put on a shared machine falls on all three alike.

use super::Route;
use super::stages::cpu_time;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

/// One run: wall and CPU time (every thread of the process), ms.
#[derive(Clone, Copy)]
pub struct Sample {
    pub wall_ms: f64,
    pub cpu_ms: f64,
}

pub struct InProcess {
    pub file: Vec<Sample>,
    pub bytes: Vec<Sample>,
    /// None when Pillow could not run; else its version and samples.
    pub pillow: Option<(String, Vec<Sample>)>,
    pub pillow_output_bytes: u64,
}

/// `rounds` turns after one untimed warm-up turn.
pub fn run(input: &Path, dir: &Path, rounds: usize) -> InProcess {
    let mut pillow = Pillow::start(input, &dir.join("pillow.jpg"));
    let mut result = InProcess {
        file: Vec::new(),
        bytes: Vec::new(),
        pillow: pillow.as_ref().map(|p| (p.version.clone(), Vec::new())),
        pillow_output_bytes: 0,
    };
    for round in 0..=rounds {
        let file = fieldcrew(Route::File, input, &dir.join("fieldcrew.jpg"));
        let bytes = fieldcrew(Route::Bytes, input, &dir.join("fieldcrew-bytes.jpg"));
        let pillow_run = pillow.as_mut().and_then(Pillow::run);
        if round == 0 {
            continue;
        }
        result.file.push(file);
        result.bytes.push(bytes);
        if let (Some((_, samples)), Some((sample, out_bytes))) = (result.pillow.as_mut(), pillow_run) {
            samples.push(sample);
            result.pillow_output_bytes = out_bytes;
        }
    }
    result
}

fn fieldcrew(route: Route, input: &Path, output: &Path) -> Sample {
    let (wall, cpu) = (Instant::now(), cpu_time());
    route.ingest(input, output);
    Sample {
        wall_ms: wall.elapsed().as_secs_f64() * 1000.0,
        cpu_ms: (cpu_time() - cpu).as_secs_f64() * 1000.0,
    }
}

/// `bench_pillow.py --serve`: one conversion per line it reads.
struct Pillow {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    version: String,
}

impl Pillow {
    fn start(input: &Path, output: &Path) -> Option<Pillow> {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench_pillow.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg("--serve")
            .arg(input)
            .arg(output)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| println!("Pillow skipped: python3: {e}"))
            .ok()?;
        let stdin = child.stdin.take()?;
        let mut stdout = BufReader::new(child.stdout.take()?);
        let hello = read_json(&mut stdout);
        let Some(version) = hello.as_ref().and_then(|json| json["pillow"].as_str()) else {
            println!("Pillow skipped: bench_pillow.py --serve did not start (is Pillow installed?)");
            return None;
        };
        Some(Pillow { version: version.to_string(), child, stdin, stdout })
    }

    fn run(&mut self) -> Option<(Sample, u64)> {
        writeln!(self.stdin, "run").ok()?;
        let json = read_json(&mut self.stdout)?;
        let sample = Sample { wall_ms: json["ms"].as_f64()?, cpu_ms: json["cpu_ms"].as_f64()? };
        Some((sample, json["out_bytes"].as_u64()?))
    }
}

impl Drop for Pillow {
    fn drop(&mut self) {
        // It is waiting for the next line; nothing is lost.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_json(stdout: &mut impl BufRead) -> Option<serde_json::Value> {
    let mut line = String::new();
    stdout.read_line(&mut line).ok()?;
    serde_json::from_str(line.trim()).ok()
}
