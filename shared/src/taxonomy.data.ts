// Generated from ../shared/data/pico-banana/taxonomy.json: the 35 edit types in 8 categories,
// label strings exactly as in the released data (note U+2194 and U+2013 in some labels).

export const TAXONOMY_VERSION = 'pico-banana-400k/2510.19808';

export const EDIT_CATEGORIES = [
  {
    id: 'pixel_photometric',
    name: 'Pixel & Photometric',
    editTypes: [
      { label: 'Change overall color tone (warm ↔ cool)', sftCount: 14745 },
      { label: 'Add film grain or vintage filter', sftCount: 15443 },
    ],
  },
  {
    id: 'object_semantic',
    name: 'Object-Level Semantic',
    editTypes: [
      { label: 'Add a new object to the scene', sftCount: 14187 },
      { label: 'Remove an existing object', sftCount: 15109 },
      { label: 'Replace one object category with another', sftCount: 14547 },
      { label: "Change an object's attribute (e.g., color/material)", sftCount: 13813 },
      { label: 'Relocate an object (change its position/spatial relation)', sftCount: 6612 },
      { label: 'Change the size/shape/orientation of an object', sftCount: 10787 },
    ],
  },
  {
    id: 'scene_composition',
    name: 'Scene Composition & Multi-Subject',
    editTypes: [
      { label: 'Add new scene context/background', sftCount: 14829 },
      { label: 'Apply seasonal transformation (summer ↔ winter)', sftCount: 13438 },
      { label: 'Change weather conditions (sunny/rainy/snowy)', sftCount: 11992 },
      { label: 'Adjust global lighting (golden hour/fluorescent)', sftCount: 12432 },
    ],
  },
  {
    id: 'stylistic',
    name: 'Stylistic',
    editTypes: [
      { label: 'Strong artistic style transfer (e.g., Van Gogh/anime/etc.)', sftCount: 15284 },
      { label: 'Photo to cartoon/sketch/comic', sftCount: 12735 },
      { label: 'Modern ↔ historical style/look', sftCount: 14856 },
    ],
  },
  {
    id: 'text_symbol',
    name: 'Text & Symbol',
    editTypes: [
      { label: 'Replace text in signs/posters/billboards', sftCount: 3494 },
      { label: 'Add new (handwritten/printed/etc) text', sftCount: 3866 },
      { label: 'Change font style or color of visible text if there is text', sftCount: 1431 },
      { label: 'Translate written text into other languages', sftCount: 1897 },
    ],
  },
  {
    id: 'human_centric',
    name: 'Human-Centric',
    editTypes: [
      { label: 'Add/Remove/Replace Accessories (glasses, hats, jewelry, masks)', sftCount: 1597 },
      { label: 'Clothing edit (change color/outfit)', sftCount: 1801 },
      { label: 'Pose tweak (minor plausible change)', sftCount: 1833 },
      { label: 'Modify expressions (smile, frown, neutral)', sftCount: 1526 },
      { label: 'Change age / gender', sftCount: 1685 },
      { label: 'Convert person to 2D anime/manga style (identity-preserving)', sftCount: 1040 },
      { label: 'Convert person to Pixar/Disney-like 3D cartoon look', sftCount: 1036 },
      { label: 'Convert person to Western comic cel-shaded style', sftCount: 982 },
      { label: 'Line-art ink sketch of the person', sftCount: 1482 },
      { label: 'Sticker-ify the person with bold outline and white border', sftCount: 1422 },
      { label: 'Caricature with mild feature exaggeration (keep identity)', sftCount: 832 },
      { label: 'Funko-Pop–style toy figure of the person', sftCount: 1859 },
      { label: 'LEGO-minifigure rendition of the person', sftCount: 1568 },
      { label: 'Simpsonize the person (yellow-skin cartoon style)', sftCount: 1439 },
    ],
  },
  {
    id: 'scale',
    name: 'Scale',
    editTypes: [{ label: 'Zoom in', sftCount: 13729 }],
  },
  {
    id: 'spatial_layout',
    name: 'Spatial/Layout',
    editTypes: [{ label: 'Outpainting (extend canvas beyond boundaries)', sftCount: 12402 }],
  },
] as const;
