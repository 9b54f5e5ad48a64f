import { measureText, textSvg } from './pixel-font';
import { COLOURS, SIGN_SCALE, TEXT_SCALE, objectWidth, type SceneObject } from './scene';

/** How objects are drawn: cartoon style outlines everything; winter puts snow on top. */
export interface DrawOptions {
  outline: boolean;
  winter: boolean;
}

type Drawer = (o: SceneObject, stroke: string, winter: boolean) => string;

const r1 = (n: number) => Math.round(n * 10) / 10;
const rect = (x: number, y: number, w: number, h: number, fill: string, extra = '') =>
  `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(w)}" height="${r1(h)}" fill="${fill}"${extra}/>`;
const circle = (x: number, y: number, r: number, fill: string, extra = '') =>
  `<circle cx="${r1(x)}" cy="${r1(y)}" r="${r1(r)}" fill="${fill}"${extra}/>`;
const polygon = (points: number[][], fill: string, extra = '') =>
  `<polygon points="${points.map((p) => p.map(r1).join(',')).join(' ')}" fill="${fill}"${extra}/>`;
const SNOW = '#f7fafc';

const drawHouse: Drawer = ({ x, y, size: h, colour }, s, winter) => {
  const w = h * 1.15;
  const eave = y - 0.6 * h;
  const parts = [
    rect(x - w / 2, eave, w, 0.6 * h, COLOURS[colour], s),
    polygon(
      [
        [x - w / 2 - 6, eave],
        [x, y - h],
        [x + w / 2 + 6, eave],
      ],
      '#7a2e1f',
      s,
    ),
    rect(x - 0.09 * h, y - 0.3 * h, 0.18 * h, 0.3 * h, '#5b3a1e', s),
    rect(x - 0.3 * w - 0.08 * h, y - 0.5 * h, 0.16 * h, 0.16 * h, '#cde8f6', ' stroke="#555"'),
    rect(x + 0.3 * w - 0.08 * h, y - 0.5 * h, 0.16 * h, 0.16 * h, '#cde8f6', ' stroke="#555"'),
  ];
  if (winter) {
    parts.push(
      polygon(
        [
          [x - w / 4 - 4, y - 0.8 * h],
          [x, y - h - 2],
          [x + w / 4 + 4, y - 0.8 * h],
        ],
        SNOW,
      ),
    );
    parts.push(rect(x - w / 2 - 6, eave - 3, w + 12, 4, SNOW));
  }
  return parts.join('');
};

const drawTree: Drawer = ({ x, y, size: h, colour }, s, winter) => {
  const parts = [
    rect(x - 0.05 * h, y - 0.42 * h, 0.1 * h, 0.42 * h, '#6b4423', s),
    circle(x - 0.15 * h, y - 0.52 * h, 0.19 * h, COLOURS[colour], s),
    circle(x + 0.15 * h, y - 0.52 * h, 0.19 * h, COLOURS[colour], s),
    circle(x, y - 0.68 * h, 0.3 * h, COLOURS[colour], s),
  ];
  if (winter) {
    parts.push(
      `<ellipse cx="${r1(x)}" cy="${r1(y - 0.9 * h)}" rx="${r1(0.2 * h)}" ry="${r1(0.08 * h)}" fill="${SNOW}"/>`,
    );
    parts.push(
      `<ellipse cx="${r1(x - 0.17 * h)}" cy="${r1(y - 0.66 * h)}" rx="${r1(0.12 * h)}" ry="${r1(0.05 * h)}" fill="${SNOW}"/>`,
    );
  }
  return parts.join('');
};

const drawCar: Drawer = ({ x, y, size: h, colour }, s, winter) => {
  const w = h * 2.2;
  const parts = [
    polygon(
      [
        [x - 0.28 * w, y - 0.6 * h],
        [x - 0.18 * w, y - h],
        [x + 0.2 * w, y - h],
        [x + 0.32 * w, y - 0.6 * h],
      ],
      COLOURS[colour],
      s,
    ),
    polygon(
      [
        [x - 0.22 * w, y - 0.64 * h],
        [x - 0.15 * w, y - 0.93 * h],
        [x + 0.17 * w, y - 0.93 * h],
        [x + 0.26 * w, y - 0.64 * h],
      ],
      '#bfe3f5',
    ),
    `<rect x="${r1(x - w / 2)}" y="${r1(y - 0.66 * h)}" width="${r1(w)}" height="${r1(0.44 * h)}" rx="${r1(0.1 * h)}" fill="${COLOURS[colour]}"${s}/>`,
    circle(x - 0.3 * w, y - 0.2 * h, 0.2 * h, '#1b1b1b', s),
    circle(x + 0.3 * w, y - 0.2 * h, 0.2 * h, '#1b1b1b', s),
    circle(x - 0.3 * w, y - 0.2 * h, 0.08 * h, '#bbbbbb'),
    circle(x + 0.3 * w, y - 0.2 * h, 0.08 * h, '#bbbbbb'),
  ];
  if (winter) parts.push(rect(x - 0.18 * w, y - h - 3, 0.38 * w, 4, SNOW));
  return parts.join('');
};

const drawBalloon: Drawer = ({ x, y, size: h, colour }, s) =>
  `<path d="M${r1(x)},${r1(y - 0.4 * h)} q6,${r1(0.2 * h)} 0,${r1(0.4 * h)}" stroke="#444" fill="none"/>` +
  `<ellipse cx="${r1(x)}" cy="${r1(y - 0.7 * h)}" rx="${r1(0.25 * h)}" ry="${r1(0.3 * h)}" fill="${COLOURS[colour]}"${s}/>` +
  circle(x - 0.08 * h, y - 0.8 * h, 0.05 * h, '#ffffff', ' opacity="0.6"');

const drawSign: Drawer = (o, s) => {
  const text = o.text ?? '';
  const bw = objectWidth(o);
  const bh = 7 * SIGN_SCALE + 16;
  const top = Math.round(o.y - o.size);
  const left = Math.round(o.x - bw / 2);
  const textLeft = Math.round(o.x - measureText(text, SIGN_SCALE) / 2);
  return [
    rect(left + 8, top + bh, 4, o.size - bh, '#6b6b6b', s),
    rect(left + bw - 12, top + bh, 4, o.size - bh, '#6b6b6b', s),
    `<rect x="${left}" y="${top}" width="${bw}" height="${bh}" rx="3" fill="${COLOURS[o.colour]}" stroke="#333" stroke-width="2"/>`,
    textSvg(text, textLeft, top + 8, SIGN_SCALE, COLOURS[o.textColour ?? 'black']),
  ].join('');
};

const drawPerson: Drawer = ({ x, y, size: h, colour, hat }, s) => {
  const parts = [
    rect(x - 0.09 * h, y - 0.42 * h, 0.07 * h, 0.42 * h, '#2b3a55', s),
    rect(x + 0.02 * h, y - 0.42 * h, 0.07 * h, 0.42 * h, '#2b3a55', s),
    rect(x - 0.21 * h, y - 0.74 * h, 0.07 * h, 0.3 * h, COLOURS[colour], s),
    rect(x + 0.14 * h, y - 0.74 * h, 0.07 * h, 0.3 * h, COLOURS[colour], s),
    rect(x - 0.14 * h, y - 0.76 * h, 0.28 * h, 0.36 * h, COLOURS[colour], s),
    circle(x, y - 0.86 * h, 0.1 * h, '#e0ac69', s),
  ];
  if (hat) {
    parts.push(rect(x - 0.16 * h, y - 0.95 * h, 0.32 * h, 0.04 * h, COLOURS[hat], s));
    parts.push(rect(x - 0.09 * h, y - 1.08 * h, 0.18 * h, 0.14 * h, COLOURS[hat], s));
  }
  return parts.join('');
};

const drawFlag: Drawer = ({ x, y, size: h, colour }, s) =>
  rect(x - 0.25 * h - 1.5, y - h, 3, h, '#777777') +
  rect(x - 0.25 * h + 1.5, y - h, 0.5 * h, 0.3 * h, COLOURS[colour], s) +
  circle(x - 0.25 * h, y - h, 3, '#d4af37');

const drawBench: Drawer = ({ x, y, size: h, colour }, s) => {
  const w = h * 2.2;
  return [
    rect(x - w / 2 + 4, y - 0.55 * h, 4, 0.55 * h, '#333333'),
    rect(x + w / 2 - 8, y - 0.55 * h, 4, 0.55 * h, '#333333'),
    rect(x - w / 2, y - h, w, 0.16 * h, COLOURS[colour], s),
    rect(x - w / 2, y - 0.78 * h, w, 0.14 * h, COLOURS[colour], s),
    rect(x - w / 2, y - 0.58 * h, w, 0.16 * h, COLOURS[colour], s),
  ].join('');
};

const drawBall: Drawer = ({ x, y, size: h, colour }, s) =>
  circle(x, y - h / 2, h / 2, COLOURS[colour], s) +
  `<ellipse cx="${r1(x)}" cy="${r1(y - h / 2)}" rx="${r1(h / 2 - 1)}" ry="${r1(h / 8)}" fill="none" stroke="#ffffff" stroke-width="3"/>`;

const drawKite: Drawer = ({ x, y, size: h, colour }, s) =>
  `<path d="M${r1(x)},${r1(y - 0.1 * h)} l-6,10 l10,8 l-6,10 l8,8" stroke="#444" fill="none"/>` +
  polygon(
    [
      [x, y - h],
      [x + 0.4 * h, y - 0.55 * h],
      [x, y - 0.1 * h],
      [x - 0.4 * h, y - 0.55 * h],
    ],
    COLOURS[colour],
    s,
  ) +
  `<path d="M${r1(x)},${r1(y - h)} V${r1(y - 0.1 * h)} M${r1(x - 0.4 * h)},${r1(y - 0.55 * h)} H${r1(x + 0.4 * h)}" stroke="#333" stroke-width="1.5"/>`;

const drawText: Drawer = (o) => {
  const left = Math.round(o.x - measureText(o.text ?? '', TEXT_SCALE) / 2);
  const top = Math.round(o.y - o.size);
  return (
    textSvg(o.text ?? '', left + 2, top + 2, TEXT_SCALE, 'rgba(0,0,0,0.45)') +
    textSvg(o.text ?? '', left, top, TEXT_SCALE, COLOURS[o.textColour ?? 'white'])
  );
};

const DRAWERS: Record<SceneObject['kind'], Drawer> = {
  house: drawHouse,
  tree: drawTree,
  car: drawCar,
  balloon: drawBalloon,
  sign: drawSign,
  person: drawPerson,
  flag: drawFlag,
  bench: drawBench,
  ball: drawBall,
  kite: drawKite,
  text: drawText,
};

export function objectSvg(o: SceneObject, options: DrawOptions): string {
  const stroke = options.outline ? ' stroke="#111111" stroke-width="2.5"' : '';
  return DRAWERS[o.kind](o, stroke, options.winter);
}
