use std::env;
use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

mod quotes;

fn handle(mut stream: TcpStream) -> io::Result<()> {
    let quote = quotes::pick(fastrand::usize(..quotes::ALL.len()));
    writeln!(stream, "{quote}")?;
    stream.flush()
}

fn main() -> io::Result<()> {
    let addr = env::var("QOTD_ADDR").unwrap_or_else(|_| "0.0.0.0:7878".to_string());
    let listener = TcpListener::bind(&addr)?;
    eprintln!("qotd listening on {addr}");

    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                thread::spawn(move || {
                    if let Err(err) = handle(stream) {
                        eprintln!("client error: {err}");
                    }
                });
            }
            Err(err) => eprintln!("accept failed: {err}"),
        }
    }
    Ok(())
}
