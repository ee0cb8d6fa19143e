use std::io::{Read, Write};

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let mut it = input.split_whitespace().map(|x| x.parse::<i64>().unwrap());
    let r = it.next().unwrap() as usize;
    let c = it.next().unwrap() as usize;
    let m: Vec<i64> = it.take(r * c).collect();
    let mut out = String::new();
    for j in 0..c {
        let row: Vec<String> = (0..r).map(|i| m[i * c + j].to_string()).collect();
        out.push_str(&row.join(" "));
        out.push('\n');
    }
    std::io::stdout().write_all(out.as_bytes()).unwrap();
}
