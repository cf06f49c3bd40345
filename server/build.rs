// `sqlx::migrate!` embeds ../migrations when this crate compiles, but cargo
// does not know it reads that directory: without this, a new migration alone
// would not reach the server binary (or the test binaries) until some Rust
// file of the crate changed too.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
