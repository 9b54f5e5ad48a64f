import { type MigrationInterface, type QueryRunner } from 'typeorm';

// The taxonomy as released (../shared/data/pico-banana/taxonomy.json), frozen here: label strings
// exactly as in the data, including U+2194 and U+2013. Ids follow the paper's table order.
const CATEGORIES = [
  {
    id: 'pixel_photometric',
    name: 'Pixel & Photometric',
    position: 1,
  },
  {
    id: 'object_semantic',
    name: 'Object-Level Semantic',
    position: 2,
  },
  {
    id: 'scene_composition',
    name: 'Scene Composition & Multi-Subject',
    position: 3,
  },
  {
    id: 'stylistic',
    name: 'Stylistic',
    position: 4,
  },
  {
    id: 'text_symbol',
    name: 'Text & Symbol',
    position: 5,
  },
  {
    id: 'human_centric',
    name: 'Human-Centric',
    position: 6,
  },
  {
    id: 'scale',
    name: 'Scale',
    position: 7,
  },
  {
    id: 'spatial_layout',
    name: 'Spatial/Layout',
    position: 8,
  },
];

const EDIT_TYPES = [
  {
    id: 1,
    label: 'Change overall color tone (warm ↔ cool)',
    category_id: 'pixel_photometric',
  },
  {
    id: 2,
    label: 'Add film grain or vintage filter',
    category_id: 'pixel_photometric',
  },
  {
    id: 3,
    label: 'Add a new object to the scene',
    category_id: 'object_semantic',
  },
  {
    id: 4,
    label: 'Remove an existing object',
    category_id: 'object_semantic',
  },
  {
    id: 5,
    label: 'Replace one object category with another',
    category_id: 'object_semantic',
  },
  {
    id: 6,
    label: "Change an object's attribute (e.g., color/material)",
    category_id: 'object_semantic',
  },
  {
    id: 7,
    label: 'Relocate an object (change its position/spatial relation)',
    category_id: 'object_semantic',
  },
  {
    id: 8,
    label: 'Change the size/shape/orientation of an object',
    category_id: 'object_semantic',
  },
  {
    id: 9,
    label: 'Add new scene context/background',
    category_id: 'scene_composition',
  },
  {
    id: 10,
    label: 'Apply seasonal transformation (summer ↔ winter)',
    category_id: 'scene_composition',
  },
  {
    id: 11,
    label: 'Change weather conditions (sunny/rainy/snowy)',
    category_id: 'scene_composition',
  },
  {
    id: 12,
    label: 'Adjust global lighting (golden hour/fluorescent)',
    category_id: 'scene_composition',
  },
  {
    id: 13,
    label: 'Strong artistic style transfer (e.g., Van Gogh/anime/etc.)',
    category_id: 'stylistic',
  },
  {
    id: 14,
    label: 'Photo to cartoon/sketch/comic',
    category_id: 'stylistic',
  },
  {
    id: 15,
    label: 'Modern ↔ historical style/look',
    category_id: 'stylistic',
  },
  {
    id: 16,
    label: 'Replace text in signs/posters/billboards',
    category_id: 'text_symbol',
  },
  {
    id: 17,
    label: 'Add new (handwritten/printed/etc) text',
    category_id: 'text_symbol',
  },
  {
    id: 18,
    label: 'Change font style or color of visible text if there is text',
    category_id: 'text_symbol',
  },
  {
    id: 19,
    label: 'Translate written text into other languages',
    category_id: 'text_symbol',
  },
  {
    id: 20,
    label: 'Add/Remove/Replace Accessories (glasses, hats, jewelry, masks)',
    category_id: 'human_centric',
  },
  {
    id: 21,
    label: 'Clothing edit (change color/outfit)',
    category_id: 'human_centric',
  },
  {
    id: 22,
    label: 'Pose tweak (minor plausible change)',
    category_id: 'human_centric',
  },
  {
    id: 23,
    label: 'Modify expressions (smile, frown, neutral)',
    category_id: 'human_centric',
  },
  {
    id: 24,
    label: 'Change age / gender',
    category_id: 'human_centric',
  },
  {
    id: 25,
    label: 'Convert person to 2D anime/manga style (identity-preserving)',
    category_id: 'human_centric',
  },
  {
    id: 26,
    label: 'Convert person to Pixar/Disney-like 3D cartoon look',
    category_id: 'human_centric',
  },
  {
    id: 27,
    label: 'Convert person to Western comic cel-shaded style',
    category_id: 'human_centric',
  },
  {
    id: 28,
    label: 'Line-art ink sketch of the person',
    category_id: 'human_centric',
  },
  {
    id: 29,
    label: 'Sticker-ify the person with bold outline and white border',
    category_id: 'human_centric',
  },
  {
    id: 30,
    label: 'Caricature with mild feature exaggeration (keep identity)',
    category_id: 'human_centric',
  },
  {
    id: 31,
    label: 'Funko-Pop–style toy figure of the person',
    category_id: 'human_centric',
  },
  {
    id: 32,
    label: 'LEGO-minifigure rendition of the person',
    category_id: 'human_centric',
  },
  {
    id: 33,
    label: 'Simpsonize the person (yellow-skin cartoon style)',
    category_id: 'human_centric',
  },
  {
    id: 34,
    label: 'Zoom in',
    category_id: 'scale',
  },
  {
    id: 35,
    label: 'Outpainting (extend canvas beyond boundaries)',
    category_id: 'spatial_layout',
  },
];

/** The dataset tables (taxonomy, sources, edits, pairs, multi-turn sessions, imports). */
export class CreateDataset1764236400000 implements MigrationInterface {
  name = 'CreateDataset1764236400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "dataset_import" ("id" BIGSERIAL NOT NULL, "source" text NOT NULL, "kind" text, "status" text NOT NULL, "strict" boolean NOT NULL DEFAULT false, "sha256" text, "bytes" bigint NOT NULL DEFAULT \'0\', "lines_read" integer NOT NULL DEFAULT \'0\', "inserted" integer NOT NULL DEFAULT \'0\', "updated" integer NOT NULL DEFAULT \'0\', "unchanged" integer NOT NULL DEFAULT \'0\', "rejected" integer NOT NULL DEFAULT \'0\', "rejected_shapes" jsonb NOT NULL DEFAULT \'{}\'::jsonb, "problems" jsonb NOT NULL DEFAULT \'[]\'::jsonb, "problem_count" integer NOT NULL DEFAULT \'0\', "error" text, "duration_ms" integer NOT NULL DEFAULT \'0\', "created_by" bigint, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_dataset_import_status" CHECK (status IN (\'running\', \'completed\', \'failed\')), CONSTRAINT "ck_dataset_import_kind" CHECK (kind IN (\'sft\', \'preference\', \'multi_turn\')), CONSTRAINT "pk_dataset_import" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_dataset_import_sha256" ON "dataset_import"  ("sha256") ',
    );
    await queryRunner.query(
      'CREATE TABLE "source_image" ("id" BIGSERIAL NOT NULL, "url" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_source_image" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_source_image_url" ON "source_image"  ("url") ',
    );
    await queryRunner.query(
      'CREATE TABLE "edit_category" ("id" text NOT NULL, "name" text NOT NULL, "position" smallint NOT NULL, CONSTRAINT "pk_edit_category" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_edit_category_name" ON "edit_category"  ("name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "edit_type" ("id" smallint NOT NULL, "label" text NOT NULL, "category_id" text NOT NULL, CONSTRAINT "pk_edit_type" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_edit_type_label" ON "edit_type"  ("label") ');
    await queryRunner.query(
      'CREATE TABLE "edit" ("id" BIGSERIAL NOT NULL, "image" text NOT NULL, "source_image_id" bigint NOT NULL, "instruction" text NOT NULL, "summarized_instruction" text NOT NULL, "edit_type_id" smallint NOT NULL, "origin" text NOT NULL, "extra" jsonb NOT NULL DEFAULT \'{}\'::jsonb, "import_id" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_edit_origin" CHECK (origin IN (\'sft\', \'preference_chosen\', \'preference_rejected\')), CONSTRAINT "pk_edit" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_edit_image" ON "edit"  ("image") ');
    await queryRunner.query('CREATE INDEX "ix_edit_import" ON "edit"  ("import_id") ');
    await queryRunner.query('CREATE INDEX "ix_edit_source_image" ON "edit"  ("source_image_id") ');
    await queryRunner.query('CREATE INDEX "ix_edit_type_id" ON "edit"  ("edit_type_id", "id") ');
    await queryRunner.query(
      'CREATE TABLE "edit_pair" ("id" BIGSERIAL NOT NULL, "first_edit_id" bigint NOT NULL, "second_edit_id" bigint NOT NULL, "origin" text NOT NULL, "position" smallint NOT NULL DEFAULT \'0\', "rejected_shape" text, "import_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_edit_pair_distinct" CHECK (first_edit_id <> second_edit_id), CONSTRAINT "ck_edit_pair_origin" CHECK (origin IN (\'dataset\', \'admin\')), CONSTRAINT "pk_edit_pair" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_edit_pair_second" ON "edit_pair"  ("second_edit_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_edit_pair_edits" ON "edit_pair"  ("first_edit_id", "second_edit_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "mt_session" ("id" BIGSERIAL NOT NULL, "session_key" text NOT NULL, "source_image_id" bigint NOT NULL, "turn_count" smallint NOT NULL, "file_order" jsonb NOT NULL DEFAULT \'[]\'::jsonb, "extra" jsonb NOT NULL DEFAULT \'{}\'::jsonb, "import_id" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_mt_session_turns" CHECK (turn_count BETWEEN 1 AND 20), CONSTRAINT "pk_mt_session" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_mt_session_key" ON "mt_session"  ("session_key") ',
    );
    await queryRunner.query('CREATE INDEX "ix_mt_session_import" ON "mt_session"  ("import_id") ');
    await queryRunner.query(
      'CREATE TABLE "mt_turn" ("session_id" bigint NOT NULL, "turn_index" smallint NOT NULL, "prompt" text NOT NULL, "image" text NOT NULL, CONSTRAINT "ck_mt_turn_index" CHECK (turn_index >= 1), CONSTRAINT "pk_mt_turn" PRIMARY KEY ("session_id", "turn_index"))',
    );
    await queryRunner.query(
      'ALTER TABLE "edit_type" ADD CONSTRAINT "fk_edit_type_category" FOREIGN KEY ("category_id") REFERENCES "edit_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "edit" ADD CONSTRAINT "fk_edit_source_image" FOREIGN KEY ("source_image_id") REFERENCES "source_image"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "edit" ADD CONSTRAINT "fk_edit_edit_type" FOREIGN KEY ("edit_type_id") REFERENCES "edit_type"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "edit" ADD CONSTRAINT "fk_edit_import" FOREIGN KEY ("import_id") REFERENCES "dataset_import"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "edit_pair" ADD CONSTRAINT "fk_edit_pair_first" FOREIGN KEY ("first_edit_id") REFERENCES "edit"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "edit_pair" ADD CONSTRAINT "fk_edit_pair_second" FOREIGN KEY ("second_edit_id") REFERENCES "edit"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "edit_pair" ADD CONSTRAINT "fk_edit_pair_import" FOREIGN KEY ("import_id") REFERENCES "dataset_import"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mt_session" ADD CONSTRAINT "fk_mt_session_source_image" FOREIGN KEY ("source_image_id") REFERENCES "source_image"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mt_session" ADD CONSTRAINT "fk_mt_session_import" FOREIGN KEY ("import_id") REFERENCES "dataset_import"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "mt_turn" ADD CONSTRAINT "fk_mt_turn_session" FOREIGN KEY ("session_id") REFERENCES "mt_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      `INSERT INTO edit_category (id, name, position) SELECT id, name, position FROM jsonb_to_recordset($1::jsonb) AS t(id text, name text, position smallint)`,
      [JSON.stringify(CATEGORIES)],
    );
    await queryRunner.query(
      `INSERT INTO edit_type (id, label, category_id) SELECT id, label, category_id FROM jsonb_to_recordset($1::jsonb) AS t(id smallint, label text, category_id text)`,
      [JSON.stringify(EDIT_TYPES)],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "mt_turn" DROP CONSTRAINT "fk_mt_turn_session"');
    await queryRunner.query('ALTER TABLE "mt_session" DROP CONSTRAINT "fk_mt_session_import"');
    await queryRunner.query(
      'ALTER TABLE "mt_session" DROP CONSTRAINT "fk_mt_session_source_image"',
    );
    await queryRunner.query('ALTER TABLE "edit_pair" DROP CONSTRAINT "fk_edit_pair_import"');
    await queryRunner.query('ALTER TABLE "edit_pair" DROP CONSTRAINT "fk_edit_pair_second"');
    await queryRunner.query('ALTER TABLE "edit_pair" DROP CONSTRAINT "fk_edit_pair_first"');
    await queryRunner.query('ALTER TABLE "edit" DROP CONSTRAINT "fk_edit_import"');
    await queryRunner.query('ALTER TABLE "edit" DROP CONSTRAINT "fk_edit_edit_type"');
    await queryRunner.query('ALTER TABLE "edit" DROP CONSTRAINT "fk_edit_source_image"');
    await queryRunner.query('ALTER TABLE "edit_type" DROP CONSTRAINT "fk_edit_type_category"');
    await queryRunner.query('DROP TABLE "mt_turn"');
    await queryRunner.query('DROP INDEX "public"."ix_mt_session_import"');
    await queryRunner.query('DROP INDEX "public"."uq_mt_session_key"');
    await queryRunner.query('DROP TABLE "mt_session"');
    await queryRunner.query('DROP INDEX "public"."uq_edit_pair_edits"');
    await queryRunner.query('DROP INDEX "public"."ix_edit_pair_second"');
    await queryRunner.query('DROP TABLE "edit_pair"');
    await queryRunner.query('DROP INDEX "public"."ix_edit_type_id"');
    await queryRunner.query('DROP INDEX "public"."ix_edit_source_image"');
    await queryRunner.query('DROP INDEX "public"."ix_edit_import"');
    await queryRunner.query('DROP INDEX "public"."uq_edit_image"');
    await queryRunner.query('DROP TABLE "edit"');
    await queryRunner.query('DROP INDEX "public"."uq_edit_type_label"');
    await queryRunner.query('DROP TABLE "edit_type"');
    await queryRunner.query('DROP INDEX "public"."uq_edit_category_name"');
    await queryRunner.query('DROP TABLE "edit_category"');
    await queryRunner.query('DROP INDEX "public"."uq_source_image_url"');
    await queryRunner.query('DROP TABLE "source_image"');
    await queryRunner.query('DROP INDEX "public"."ix_dataset_import_sha256"');
    await queryRunner.query('DROP TABLE "dataset_import"');
  }
}
