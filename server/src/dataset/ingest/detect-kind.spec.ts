import { detectKind } from './detect-kind';

describe('detectKind', () => {
  it.each([
    [{ files: [], metadata_edit_turn_prompts: [] }, 'multi_turn'],
    [{ files: [] }, 'multi_turn'],
    [{ metadata_edit_turn_prompts: [] }, 'multi_turn'],
    [{ output_image: 'a.png', edit_type: 'Zoom in', rejected_images: [] }, 'preference'],
    [{ rejected_images: 'a.png' }, 'preference'],
    [{ output_image: 'a.png', edit_type: 'Zoom in', text: 't' }, 'sft'],
  ])('%j looks like %s', (value, kind) => {
    expect(detectKind(value)).toBe(kind);
  });

  it.each([
    [{}],
    [{ output_image: 'a.png' }],
    [{ edit_type: 'Zoom in' }],
    [[]],
    ['files'],
    [null],
    [1],
  ])('cannot tell the kind of %j', (value) => {
    expect(detectKind(value)).toBeUndefined();
  });
});
