const data = require('fs').readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const n = data[0];
const xs = data.slice(1, 1 + n).sort((a, b) => a - b);
const m = n % 2 === 1 ? xs[(n - 1) / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
console.log(m.toFixed(6));
