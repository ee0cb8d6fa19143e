const text = require('fs').readFileSync(0, 'utf8').toLowerCase();
const counts = new Map();
for (const word of text.match(/[a-z]+/g) || []) counts.set(word, (counts.get(word) || 0) + 1);
let best = null;
for (const [word, n] of counts) {
  if (best === null || n > counts.get(best) || (n === counts.get(best) && word < best)) best = word;
}
console.log(best === null ? 'none 0' : `${best} ${counts.get(best)}`);
