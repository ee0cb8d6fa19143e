use std::io::Read;

fn main() {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    let n: usize = input.trim().parse().unwrap();
    if n < 2 {
        println!("0");
        return;
    }
    let mut composite = vec![false; n + 1];
    let mut count = 0u64;
    for i in 2..=n {
        if composite[i] {
            continue;
        }
        count += 1;
        let mut j = i * i;
        while j <= n {
            composite[j] = true;
            j += i;
        }
    }
    println!("{}", count);
}
