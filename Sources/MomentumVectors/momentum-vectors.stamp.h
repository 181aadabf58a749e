// Written by scripts/build-embeddings.py; vectors.c includes it so that a new artifact
// rebuilds it. SHA-256 of momentum-vectors.bin:
// eda9f56aa960dc7ffe29d7197cb1649d9c90b2a999c66a189b8bdd0b83ca831c
