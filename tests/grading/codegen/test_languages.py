"""Each language compiled and run for real: a right program accepted, a wrong one and a broken one rejected
(two builds per language: the right and the wrong program; a build that fails is quick)."""

from __future__ import annotations

import pytest

from swegauge.grading.codegen.judge import COMPILE, MEMORY, RUNTIME, WRONG
from tests.grading.codegen.support import codegen_task, judge

RIGHT = {
    "cpp": "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<\"\\n\";}\n",
    "java": ("import java.util.*;\npublic class Sum { public static void main(String[] x) { Scanner s = new Scanner(System.in);"
             " long a = s.nextLong(), b = s.nextLong(); System.out.println(a + b); } }\n"),
    "go": "package main\nimport \"fmt\"\nfunc main() { var a, b int64; fmt.Scan(&a, &b); fmt.Println(a + b) }\n",
    "rust": ("use std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap();"
             " let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect(); println!(\"{}\", v[0] + v[1]); }\n"),
    "javascript": "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);\nconsole.log(String(a + b));\n",
}
WRONG_PROGRAM = {language: program.replace("a + b", "a - b").replace("a+b", "a-b").replace("v[0] + v[1]", "v[0] - v[1]") for language, program in RIGHT.items()}
BROKEN = {"cpp": "int main() { return x; }\n", "java": "public class Main { void f( }\n", "go": "package main\nfunc main() {\n",
          "rust": "fn main() { let x: i32 = \"s\"; }\n", "javascript": "function (\n"}


@pytest.mark.parametrize("language", sorted(RIGHT))
def test_right_wrong_and_broken_programs(language):
    task = codegen_task(language)
    right = judge().grade(task, RIGHT[language])
    assert right.resolved, right.reason
    wrong = judge().grade(task, WRONG_PROGRAM[language])
    assert wrong.judgement == WRONG and wrong.test_verdicts["test 1"] == WRONG
    broken = judge().grade(task, BROKEN[language])
    assert broken.judgement == COMPILE and broken.reason.startswith("compile error"), broken.reason


def test_a_crash_in_native_code_is_a_runtime_error():
    crash = judge().grade(codegen_task("cpp"), "int main() { volatile int *p = nullptr; return *p; }\n")
    assert crash.judgement == RUNTIME and "signal" in crash.reason


def test_a_java_heap_overflow_is_a_memory_limit():
    program = ("import java.util.*;\npublic class Main { public static void main(String[] a) {"
               " List<long[]> k = new ArrayList<>(); while (true) k.add(new long[1 << 20]); } }\n")
    verdict = judge().grade(codegen_task("java", memory_mb=64), program)
    assert verdict.judgement == MEMORY, verdict.reason
