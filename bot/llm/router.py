"""The cost policy: which tier answers a question, and why, in words a teacher can check.

The router looks only at explainable features of the request: the question's length and
structure, its kind (a definition or lookup vs a comparison, a "why", a plan or design, a
step-by-step request), its language, how many distinct sections retrieval needed and how sure
it was, the conversation's depth, an explicit request for a tier, the user's role, and the
money left. Each feature adds points; the premium tier takes questions at or above the
policy's threshold, when the budget allows. Every model call goes through `route`.

It does no I/O and takes microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.kernel.catalog import Catalog, ModelSpec, Role, RoutingPolicy, Tier
from bot.kernel.lang import detect_lang
from bot.llm.tokens import estimate_tokens

RouteTier = Literal["cheap", "premium", "offline"]

# Kinds of question, by wording, and the points each adds. A question can be several kinds
# ("compare X and Y, and explain why"); a definition or lookup adds nothing.
_KINDS: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    (
        "plan",
        2.0,
        re.compile(
            r"\b(a plan|plan (for|to|out)|design (a|an|the)|strategy|roadmap|step[- ]by[- ]step|"
            r"steps to|walk me through|outline|recommend an? (approach|model|way)|"
            r"how (should|would|do|can) (we|i) (build|choose|pick|set up|go about|decide|"
            r"approach|evaluate|select)|what should (we|i|(our|my) \w+) (consider|use|do|choose))\b"
            r"|계획|설계|전략|단계별|로드맵|판단하는 기준|기준을 정리"
            r"|어떻게 (해야|구축|선택|접근|진행)|선택해야|골라야|써야 할지",
            re.I,
        ),
    ),
    (
        "compare",
        2.0,
        re.compile(
            r"\b(compare|comparison|difference between|differ|versus|vs\.?|pros and cons|"
            r"trade-?offs?|better (than|for)|which is better|rather than|instead of|"
            r"when to use|(choose|choosing|deciding|decide) between|"
            r"(should|would|could) (we|i|you) .+ or )"
            r"|비교|차이|장단점|보다 (나은|좋은)|뭐가 더|어느 (쪽|것)이 더|대신|반면"
            r"|어떻게 다르|각각 언제|중 (무엇|뭐|어느)",
            re.I,
        ),
    ),
    (
        "why",
        2.0,
        re.compile(
            r"\b(why|how come|justify|reasoning|what happens if|implications?|consequences?)\b"
            r"|왜|이유|근거|어떤 영향|그렇다면",
            re.I,
        ),
    ),
)
_DEFINITION = re.compile(
    r"\b(what (is|are|does)|what's|define|definition|meaning of|who|which|name|list|"
    r"give (me )?(an )?examples?)\b|뭐야|무엇|뭔가요|뭐예요|이란|란\?|정의|예시|예를|누가|정답|뜻",
    re.I,
)
_MULTI_PART = re.compile(
    r"\?.+\?|\b(and also|as well as|additionally)\b|그리고|또한|및", re.I | re.S
)
_LIST = re.compile(r"(^|\n)\s*(?:[-*•]|\d+[.)])\s+", re.M)


@dataclass(frozen=True, slots=True)
class RouteRequest:
    """What the router needs to know about one request."""

    question: str
    role: Role = "student"
    force: Tier | None = None
    """An explicit request (`/ask … premium`); honoured if the role may force."""
    sections: int = 1
    """Distinct sections among the strong retrieval hits."""
    confidence: float = 1.0
    """Best-section similarity from retrieval."""
    turns: int = 0
    """Earlier turns in this conversation."""
    prompt_chars: int = 0
    """Size of the prompt the model would get (sections included), for the cost estimate."""
    remaining_usd: float | None = None
    """Smallest allowance left across the user's, class's and global budgets (None: no limit)."""


@dataclass(frozen=True, slots=True)
class Route:
    """The decision: tier, model, a reason in words, and the features behind it."""

    tier: RouteTier
    model: str
    reason: str
    features: dict[str, Any] = field(default_factory=dict)
    estimated_usd: float = 0.0
    wanted: RouteTier | None = None
    """The tier the question called for, when the budget or the catalog forced a lower one."""

    def as_json(self) -> dict[str, Any]:
        """`{"tier", "model", "reason", "features"}` for `studybot route --json`."""
        return {
            "tier": self.tier,
            "model": self.model,
            "reason": self.reason,
            "features": self.features,
        }


def question_features(question: str) -> dict[str, Any]:
    """Features of the question text alone (kind, length, structure, language)."""
    kinds = [(name, points) for name, points, pattern in _KINDS if pattern.search(question)]
    if kinds:
        kind = "+".join(name for name, _ in kinds)
        kind_points = min(sum(points for _, points in kinds), 3.0)
    elif _DEFINITION.search(question):
        kind, kind_points = "definition", 0.0
    else:
        kind, kind_points = "other", 0.5
    return {
        "chars": len(question),
        "lang": detect_lang(question),
        "kind": kind,
        "kind_points": kind_points,
        "multi_part": bool(_MULTI_PART.search(question)),
        "list": bool(_LIST.search(question)),
    }


class Router:
    """Picks a tier and a model for each request under the routing policy."""

    def __init__(self, catalog: Catalog, policy: RoutingPolicy, max_output_tokens: int) -> None:
        self.catalog = catalog
        self.policy = policy
        self.max_output_tokens = max_output_tokens

    def estimate(self, spec: ModelSpec, prompt_chars: int, question: str) -> float:
        """Upper-bound cost of one call: prompt tokens (over-estimated) and full max output."""
        prompt_tokens = estimate_tokens(
            "x" * max(prompt_chars - len(question), 0)
        ) + estimate_tokens(question)
        return spec.cost(prompt_tokens + 64, self.max_output_tokens)

    def score(self, req: RouteRequest) -> tuple[float, list[str], dict[str, Any]]:
        """Complexity points, the reasons for each, and the features."""
        f = question_features(req.question)
        points = float(f["kind_points"])
        why: list[str] = []
        if f["kind"] != "other":
            why.append(f"{f['kind']} question (+{f['kind_points']:g})")
        if f["chars"] >= self.policy.long_question_chars:
            points += 1
            why.append(f"long question, {f['chars']} chars (+1)")
        if f["multi_part"] or f["list"]:
            points += 1
            why.append("several parts (+1)")
        if req.sections >= self.policy.multi_section_min:
            points += 1
            why.append(f"needs {req.sections} sections (+1)")
        if req.confidence < self.policy.low_confidence:
            points += 0.5
            why.append(f"retrieval unsure, similarity {req.confidence:.2f} (+0.5)")
        if req.turns >= self.policy.deep_conversation_turns:
            points += 1
            why.append(f"deep conversation, {req.turns} turns (+1)")
        features = {
            **f,
            "sections": req.sections,
            "confidence": round(req.confidence, 4),
            "turns": req.turns,
            "role": req.role,
            "force": req.force,
            "score": points,
        }
        return points, why, features

    def route(self, req: RouteRequest) -> Route:
        """The tier and model for one request, with the reason in words."""
        points, why, features = self.score(req)
        threshold = self.policy.premium_score
        explained = ", ".join(why) if why else "simple question"
        want: Tier = "premium" if points >= threshold else "cheap"
        reason = f"{explained}: score {points:g} {'≥' if want == 'premium' else '<'} {threshold:g}"
        if req.force == "premium":
            if req.role in self.policy.force_roles:
                want, reason = "premium", f"premium requested by the user ({explained})"
            else:
                reason = f"premium requested but not allowed for {req.role}s; {reason}"
        if want == "premium" and req.role in self.policy.cheap_only_roles:
            want, reason = "cheap", f"{req.role}s use the cheap tier; {reason}"
        if req.force == "cheap":
            want, reason = "cheap", "cheap requested by the user"
        return self._afford(want, reason, req, features)

    def _afford(
        self, want: Tier, reason: str, req: RouteRequest, features: dict[str, Any]
    ) -> Route:
        """Step down from the wanted tier to one that exists and that the budget covers."""
        order: list[Tier] = ["premium", "cheap"] if want == "premium" else ["cheap"]
        notes: list[str] = []
        for tier in order:
            spec = self.catalog.first(tier)
            if spec is None:
                notes.append(f"no {tier} model configured")
                continue
            cost = self.estimate(spec, req.prompt_chars, req.question)
            if req.remaining_usd is not None and cost > req.remaining_usd:
                notes.append(
                    f"{tier} call (up to ${cost:.4f}) exceeds the ${req.remaining_usd:.4f} left"
                )
                continue
            text = reason if not notes else f"{reason}; " + "; ".join(notes) + f", so {tier}"
            return Route(tier, spec.name, text, features, cost, want if tier != want else None)
        text = f"{reason}; " + "; ".join(notes) + ", so answering offline from the course text"
        return Route("offline", "offline", text, features, 0.0, want)
