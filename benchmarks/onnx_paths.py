"""The same model through ONNX Runtime, in float32 and with dynamic int8 quantisation of its weights: measured beside
the torch paths (benchmarks/precision.py) for speed and fidelity, never adopted by the product.

The model is exported from the loaded torch model (torch's TorchScript exporter) and quantised with onnxruntime's
`quantize_dynamic`; sentence-transformers' own ONNX backend needs `optimum`, whose releases pin an older transformers
than the project's. Pooling is the model's own: the mean of the token states under the attention mask, normalised.
Needs `onnx` (the `compare` extra) beside onnxruntime (which chromadb brings).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)


def available() -> str:
    """Empty when ONNX paths can be measured here, else why not."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[compare]')"
    return ""


class OnnxEmbedder(Embedder):
    """An exported model file run by onnxruntime, with the torch embedder's tokenizer and settings."""

    def __init__(self, torch_embedder: Any, model_file: Path) -> None:
        import onnxruntime

        super().__init__(torch_embedder.settings)
        self.tokenizer = torch_embedder.tokenizer
        self.max_tokens = torch_embedder.max_tokens
        self.session = onnxruntime.InferenceSession(str(model_file), providers=["CPUExecutionProvider"])

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        features = self.tokenizer(
            list(texts), padding=True, truncation=True, max_length=self.max_tokens, return_tensors="np"
        )
        inputs = {name: features[name].astype(np.int64) for name in ("input_ids", "attention_mask")}
        states = self.session.run(None, inputs)[0]
        mask = inputs["attention_mask"][..., None].astype(np.float32)
        pooled = (states * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    def embed_as(self, texts: Sequence[str], bf16: bool = False) -> np.ndarray:
        """As the torch embedder's, so that the same throughput loop measures both."""
        return self.embed_batch(texts)


def export(torch_embedder: Any, folder: Path) -> dict[str, Path]:
    """model.onnx (float32) and model.int8.onnx (weights quantised to int8, activations at run time) in `folder`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.mkdir(parents=True, exist_ok=True)
    fp32, int8 = folder / "model.onnx", folder / "model.int8.onnx"
    model = _last_hidden_state(torch_embedder.model[0].auto_model.eval())
    sample = torch_embedder.tokenizer(["passage: eksport"], return_tensors="pt")
    axes = {"batch": 0, "tokens": 1}
    dynamic = {name: {i: n for n, i in axes.items()} for name in ("input_ids", "attention_mask", "states")}
    with torch.inference_mode():
        torch.onnx.export(
            model,
            (sample["input_ids"], sample["attention_mask"]),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["states"],
            dynamic_axes=dynamic,
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return {"onnx_fp32": fp32, "onnx_int8": int8}


def _last_hidden_state(model: Any) -> Any:
    """The model as a module of (input_ids, attention_mask) -> token states, the form the exporter traces."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    return LastHiddenState()
