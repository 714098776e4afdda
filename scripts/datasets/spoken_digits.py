#!/usr/bin/env python3
"""Writes www/data/spoken-digits.bin: "zero".."nine" spoken by espeak-ng, as log-mel spectrograms.

Every one of 40 voices (8 English accents x 5 voice variants) says each digit once, with a
pitch and a speed drawn from a seeded generator, so the file is the same on every run with
the same espeak-ng. Each clip is resampled to 8 kHz, trimmed to its sound, centred in 1 s of
silence, and turned into a 32-band log-mel spectrogram of 40 frames by the front end below.
crates/data/src/spoken.rs exports the same constants, and the Rust tone generator computes
its spectrograms the same way, so a model can move between the two datasets.

Front end (per 1 s clip x of 8000 samples in [-1, 1]):
  - frame t (0..39) is x[t*200 : t*200+256] (samples past the end read as 0), times a
    periodic Hann window w[n] = 0.5 - 0.5*cos(2*pi*n/256);
  - power spectrum |rfft|^2 of the 256 samples: 129 bins, bin k at k*8000/256 Hz;
  - 32 triangular filters (peak 1, not area-normalised) whose 34 edge frequencies are equally
    spaced on the HTK mel scale mel(f) = 2595*log10(1 + f/700) from 50 Hz to 4000 Hz; filter
    m rises from edge m to edge m+1 and falls to edge m+2, evaluated at each bin's frequency;
  - dB = 10*log10(filter power + 1e-10); per clip subtract the largest dB, clip to [-80, 0],
    map to [0, 1] by (dB + 80)/80 and store round(255 * value) as a byte.
  Stored mel-major: 32 rows (lowest band first) of 40 frames.

Format (integers little-endian):

    offset size  field
    0      8     magic b"NNPSPOKN"
    8      2     version, 1
    10     1     mel bands, 32
    11     1     frames, 40
    12     2     voice count V
    14     4     clip count N
    18     ...   V voice names, each a length byte and that many UTF-8 bytes
    ...    N*(2+32*40)  clips: label byte 0..9, voice byte 0..V-1, then the spectrogram bytes

Run from the repository root:

    apt-get install -y espeak-ng
    pip install numpy scipy
    python3 scripts/datasets/spoken_digits.py
"""

import io
import pathlib
import struct
import subprocess
import wave

import numpy as np
from scipy.signal import resample_poly

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "www" / "data" / "spoken-digits.bin"
MAGIC = b"NNPSPOKN"
VERSION = 1

SAMPLE_RATE = 8000
WINDOW = 256
HOP = 200
FRAMES = 40
MELS = 32
MEL_LOW = 50.0
MEL_HIGH = 4000.0
FLOOR_DB = -80.0

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ACCENTS = ["en-us", "en-us-nyc", "en-gb", "en-gb-x-rp", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-gbcwmd",
           "en-029"]
VARIANTS = ["m1", "m3", "m7", "f2", "f4"]
SEED = 2024
# Sound below this fraction of the clip's peak counts as silence when trimming.
SILENCE = 0.02


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + f / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (m / 2595.0) - 1.0)


def mel_filters():
    edges = mel_to_hz(np.linspace(hz_to_mel(MEL_LOW), hz_to_mel(MEL_HIGH), MELS + 2))
    freqs = np.arange(WINDOW // 2 + 1) * SAMPLE_RATE / WINDOW
    filters = np.zeros((MELS, freqs.size))
    for m in range(MELS):
        rise = (freqs - edges[m]) / (edges[m + 1] - edges[m])
        fall = (edges[m + 2] - freqs) / (edges[m + 2] - edges[m + 1])
        filters[m] = np.maximum(0.0, np.minimum(rise, fall))
    if (filters.sum(axis=1) == 0).any():
        raise SystemExit("a mel filter covers no FFT bin")
    return filters


def log_mel(clip, filters):
    """The [MELS, FRAMES] bytes of one clip of SAMPLE_RATE samples."""
    padded = np.concatenate([clip, np.zeros(WINDOW)])
    n = np.arange(WINDOW)
    hann = 0.5 - 0.5 * np.cos(2.0 * np.pi * n / WINDOW)
    frames = np.stack([padded[t * HOP:t * HOP + WINDOW] * hann for t in range(FRAMES)])
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    db = 10.0 * np.log10(power @ filters.T + 1e-10)
    db = np.clip(db - db.max(), FLOOR_DB, 0.0)
    value = (db - FLOOR_DB) / -FLOOR_DB
    return np.round(value * 255.0).astype(np.uint8).T


def speak(word, voice, pitch, speed):
    wav = subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "--stdout", word],
                         capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(wav)) as w:
        if w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit(f"espeak-ng {voice}: expected 16-bit mono")
        rate = w.getframerate()
        # espeak-ng's streamed header leaves the length open, so read every frame there is.
        samples = np.frombuffer(w.readframes(1 << 30), dtype="<i2").astype(np.float64) / 32768.0
    g = np.gcd(rate, SAMPLE_RATE)
    return resample_poly(samples, SAMPLE_RATE // g, rate // g)


def centre(sound):
    """Trims silence and centres the sound in one second; returns it and whether it was cut."""
    loud = np.flatnonzero(np.abs(sound) >= SILENCE * np.abs(sound).max())
    sound = sound[loud[0]:loud[-1] + 1]
    if sound.size > SAMPLE_RATE:
        start = (sound.size - SAMPLE_RATE) // 2
        return sound[start:start + SAMPLE_RATE], True
    clip = np.zeros(SAMPLE_RATE)
    start = (SAMPLE_RATE - sound.size) // 2
    clip[start:start + sound.size] = sound
    return clip, False


def main():
    filters = mel_filters()
    rng = np.random.default_rng(SEED)
    voices = [f"{accent}+{variant}" for accent in ACCENTS for variant in VARIANTS]
    clips = []
    cut = 0
    for voice_id, voice in enumerate(voices):
        for label, word in enumerate(WORDS):
            pitch = int(rng.integers(25, 76))
            speed = int(rng.integers(130, 191))
            clip, was_cut = centre(speak(word, voice, pitch, speed))
            cut += was_cut
            clips.append((label, voice_id, log_mel(clip, filters)))
    out = bytearray(MAGIC)
    out += struct.pack("<HBBHI", VERSION, MELS, FRAMES, len(voices), len(clips))
    for voice in voices:
        name = voice.encode()
        out.append(len(name))
        out += name
    for label, voice_id, spectrogram in clips:
        out += bytes([label, voice_id])
        out += spectrogram.tobytes()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(out)
    version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}\n-> {OUT}: {len(clips)} clips from {len(voices)} voices, {len(out)} bytes, "
          f"{cut} clips longer than 1 s cut")


if __name__ == "__main__":
    main()
