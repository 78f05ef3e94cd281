/**
 * A small terminal: enough of VT100 to replay what the view writes (newline, carriage return, cursor up,
 * erase to the end of the screen) and read back what a user would see.
 */
export class Screen {
  lines: string[] = [''];
  row = 0;
  col = 0;
  write(text: string): void {
    let i = 0;
    while (i < text.length) {
      const escape = /^\u001b\[(\d*)([A-Za-z])/.exec(text.slice(i));
      if (escape) {
        const n = Number(escape[1] || '1');
        if (escape[2] === 'A') this.row = Math.max(0, this.row - n);
        if (escape[2] === 'J') {
          this.lines[this.row] = (this.lines[this.row] ?? '').slice(0, this.col);
          this.lines.length = this.row + 1;
        }
        i += escape[0].length;
        continue;
      }
      const ch = text[i] as string;
      if (ch === '\n') {
        this.row++;
        this.col = 0;
        if (this.lines.length <= this.row) this.lines.push('');
      } else if (ch === '\r') this.col = 0;
      else {
        const line = (this.lines[this.row] ?? '').padEnd(this.col);
        this.lines[this.row] = line.slice(0, this.col) + ch + line.slice(this.col + 1);
        this.col++;
      }
      i++;
    }
  }
  /** What is on screen, without the empty line the cursor sits on. */
  get shown(): string[] {
    return this.lines.slice(0, this.lines.length - (this.lines[this.lines.length - 1] === '' ? 1 : 0));
  }
}
