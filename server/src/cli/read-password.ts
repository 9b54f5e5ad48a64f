import { createInterface } from 'node:readline';
import { CliError } from './cli-context';

/** The password from the first line of stdin, or asked for on the terminal without echo. */
export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  }
  if (!process.stdin.isTTY) {
    throw new CliError('no terminal to ask for the password: pass --password-stdin', 2);
  }
  const first = await ask('Password: ');
  const second = await ask('Repeat the password: ');
  if (first !== second) throw new CliError('the two passwords differ', 2);
  return first;
}

function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    output._writeToOutput = (text: string) => {
      // Echo the prompt, nothing of what is typed.
      if (text.includes(prompt)) process.stderr.write(prompt);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
