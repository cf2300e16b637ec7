"""Scoring profiles: TOML files validated by a pydantic model (spec §4)."""

from __future__ import annotations

import tomllib
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jixiao.values import quantize

DEFAULT_PROFILE = "national"


class UnknownProfileError(ValueError):
    """A profile name that is not shipped; the message is for the user."""


class Rounding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    step: Decimal = Decimal("0.01")
    mode: Literal["half-up", "truncate"] = "half-up"

    def apply(self, value: Decimal) -> Decimal:
        rounding = ROUND_HALF_UP if self.mode == "half-up" else ROUND_DOWN
        return quantize(value, self.step, rounding)


class Grade(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    minimum: Decimal


class Profile(BaseModel):
    """How scores are computed and which deviations need a written reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    title: str
    execution_reason_below: Decimal = Decimal("0.90")
    over_achievement_ratio: Decimal = Decimal("1.2")
    qualitative_bands: tuple[Decimal, Decimal] = (Decimal("0.8"), Decimal("0.6"))
    indicator_rounding: Rounding = Field(default_factory=Rounding)
    execution_rounding: Rounding = Field(default_factory=Rounding)
    grades: tuple[Grade, ...]

    @model_validator(mode="after")
    def _check(self) -> Profile:
        high, low = self.qualitative_bands
        if not Decimal(0) < low < high < Decimal(1):
            raise ValueError("qualitative_bands must be two fractions, high first")
        if self.over_achievement_ratio <= 1:
            raise ValueError("over_achievement_ratio must exceed 1")
        minimums = [grade.minimum for grade in self.grades]
        if not minimums or minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
            raise ValueError("grades must be ordered from the highest minimum down to 0")
        return self

    def grade(self, total: Decimal) -> str:
        for grade in self.grades:
            if total >= grade.minimum:
                return grade.label
        return self.grades[-1].label


def available_profiles() -> list[str]:
    """Names of the shipped profiles."""
    folder = resources.files("jixiao") / "profiles"
    return sorted(
        entry.name.removesuffix(".toml") for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def load_profile(name: str | None = None) -> Profile:
    """A shipped profile by name; an unknown name raises UnknownProfileError in Chinese."""
    wanted = name or DEFAULT_PROFILE
    if wanted not in available_profiles():
        known = "、".join(available_profiles())
        raise UnknownProfileError(f"未知的评分口径“{wanted}”。可用的口径：{known}。")
    text = (resources.files("jixiao") / "profiles" / f"{wanted}.toml").read_text("utf-8")
    try:
        return Profile.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as error:  # a broken shipped file
        raise UnknownProfileError(f"评分口径文件“{wanted}”格式错误：{error}") from error
