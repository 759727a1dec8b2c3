#!/usr/bin/env bash
# Debian's Tesseract and its Danish model, for OCR of scanned PDF pages (ingest/ocr.py); English comes with it.
set -euo pipefail
if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx dan; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install Tesseract with its Danish model (tesseract-ocr, tesseract-ocr-dan) to OCR scanned PDFs" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-dan >/dev/null
