// node compile.js IN.typ... : IN.typ -> IN.pdf with Typst (typst.ts node compiler)
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');
const fs = require('fs');
const compiler = NodeCompiler.create({ workspace: '/', fontArgs: [{ fontPaths: ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/truetype/noto'] }] });
for (const f of process.argv.slice(2)) {
  try {
    const pdf = compiler.pdf({ mainFileContent: fs.readFileSync(f, 'utf8') });
    fs.writeFileSync(f.replace(/\.typ$/, '.pdf'), pdf);
  } catch (e) { console.error(f, String(e).slice(0, 500)); }
}
