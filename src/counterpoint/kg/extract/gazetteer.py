"""Build the shipped gazetteer (gazetteer.json) from compact rows. Kept as code so that
aliases are reviewable in one place; QIDs only where they are certain (else none: the
entity gets a local IRI). Run `python -m counterpoint.kg.extract.gazetteer` to regenerate."""

from __future__ import annotations

import json
from pathlib import Path

# label | type | QID or "" | aliases separated by ";"
ROWS = """
OpenAI|Organization|Q21708200|Open AI
Anthropic|Organization|Q116758847|
Google|Organization|Q95|Alphabet;Google's
Google DeepMind|Organization|Q15733006|DeepMind
Microsoft|Organization|Q2283|MSFT
Meta|Organization|Q380|Meta Platforms;Facebook
Apple|Organization|Q312|Apple Inc.
Amazon|Organization|Q3884|AWS;Amazon Web Services
Nvidia|Organization|Q182477|NVIDIA
Intel|Organization|Q248|
IBM|Organization|Q37156|
Tesla|Organization|Q478214|
SpaceX|Organization|Q193701|
Hugging Face|Organization|Q108943604|HF;HuggingFace
Mistral AI|Organization||Mistral
Inflection AI|Organization||Inflection
Runway|Organization||RunwayML
Midjourney|Organization||
Stability AI|Organization||
Cohere|Organization||
AI21 Labs|Organization||AI21
xAI|Organization||
Character.AI|Organization||Character AI
Perplexity|Organization||Perplexity AI
Databricks|Organization||
MosaicML|Organization||
Together AI|Organization||
EleutherAI|Organization||
Allen Institute for AI|Organization||AI2
Baidu|Organization|Q14772|
Alibaba|Organization||Alibaba Cloud
Tencent|Organization|Q860580|
Samsung|Organization|Q20716|
Salesforce|Organization|Q941127|
Oracle|Organization|Q19900|
Netflix|Organization|Q907311|
Twitter|Organization|Q918|X Corp
Reddit|Organization|Q1136|
GitHub|Organization|Q364|
Stack Overflow|Organization|Q549037|
Wikipedia|Product|Q52|
Product Hunt|Organization||
Wayve|Organization||
Embodied Intelligence|Organization||
Rewind|Organization||Rewind AI
Tab|Organization||
Scale AI|Organization||
Replit|Organization||
Cursor|Product||
Adept|Organization||Adept AI
Aleph Alpha|Organization||
Friend.tech|Product||Friend.Tech
FTX|Organization||
Coinbase|Organization||
Binance|Organization||
Uniswap|Protocol||
Ethereum|Protocol|Q16783523|ETH
Bitcoin|Protocol|Q131723|BTC
Solana|Protocol||
BitTorrent|Protocol||Bittorrent
European Union|Organization|Q458|EU
EU AI Act|Concept||AI Act;the AI Act
NIST|Organization||National Institute of Standards and Technology
ISO|Organization|Q15028|International Organization for Standardization
Sam Altman|Person|Q7407093|Altman
Elon Musk|Person|Q317521|Elon;Musk
Bill Gates|Person|Q5284|Gates
Sam Bankman-Fried|Person||SBF
Mustafa Suleyman|Person||Suleyman
Dario Amodei|Person||
Demis Hassabis|Person||
Mark Zuckerberg|Person|Q36215|Zuckerberg
Satya Nadella|Person||
Sundar Pichai|Person||
Jensen Huang|Person||
Yann LeCun|Person||LeCun
Arthur Mensch|Person||
Clem Delangue|Person||
Emad Mostaque|Person||
Ryan Hoover|Person||
Racer|Person||
TheBloke|Person||
Jon Durbin|Person||
Michael Dempsey|Person||Dempsey
GPT-4|Product||GPT4
GPT-3|Product||GPT3
GPT-3.5|Product||
ChatGPT|Product|Q115564437|
Claude|Product||
Gemini|Product||
Bard|Product||
PaLM|Product||
LLaMA|Product||Llama;LLaMa;Llama 2;LLaMa-2;Llama-2;LLaMA 2
Mistral 7B|Product||
Mixtral|Product||
Falcon|Product||
BLOOM|Product||
Stable Diffusion|Product||
DALL-E|Product||Dall-E;DALL·E;Dall-E 3;DALL-E 3
Airoboros|Product||
OpenMoE|Product||
Transformers|Product||Transformers library
PyTorch|Product||
TensorFlow|Product||
Android|Product|Q94|
iOS|Product|Q48493|
Linux|Product|Q388|
Python|Product|Q28865|
Copilot|Product||GitHub Copilot
r/LocalLLaMa|Product||LocalLLaMa;r/LocalLLaMA
artificial intelligence|Concept|Q11660|AI
machine learning|Concept|Q2539|
large language model|Concept||LLM;LLMs;large language models;language model;language models
open-source AI|Concept||OSAI;open-source AI;open source AI
open-source software|Concept|Q1130645|OSS;open source software;open-source
open weights|Concept||open-weight;open-weights;open weight models;open-weight models
open-source model|Concept||open-source models;open source models;open models
closed-source model|Concept||closed-source;closed models;proprietary models;proprietary model
brand moat|Concept||brand moats;brand
moat|Concept||moats;economic moat
network effect|Concept||network effects
switching costs|Concept||switching cost
fine-tuning|Concept||fine-tune;fine-tunes;fine-tuned;finetuned;finetuning
evaluation|Concept||evals;evaluation suites;evaluation harness;evaluations
developer tooling|Concept||tooling;tools;toolkit
infrastructure layer|Concept||infrastructure;infra;middleware;middleware layer
inference|Concept||inference layer
API|Concept||APIs;API layer;API providers
public good|Concept||public goods
capex|Concept||capital expenditure
venture capital|Concept||venture-backed;capital markets
community|Concept||communities
flywheel|Concept||
talent|Concept||recruiting;researchers
regulation|Concept||regulators;regulatory;regulated
compliance|Concept||compliant
indemnity|Concept||indemnities
procurement|Concept||
enterprise|Concept||enterprises;enterprise customers
government|Concept||governments;public-sector
standard|Concept||standards;de-facto standard
crypto protocol|Concept||crypto protocols;protocol;protocols
cryptocurrency|Concept|Q13479982|crypto
blockchain|Concept|Q20514253|
protocol fee|Concept||protocol fees
fork|Concept||forks;forking
Lindy effect|Concept||
Mixture of Experts|Concept||MoE
AI agent|Concept||Agents;agents
RLHF|Concept||reinforcement learning from human feedback
quantization|Concept||quantisation;quantise;quantize
synthetic data|Concept||
training data|Concept||
context window|Concept||context windows
uncensored models|Concept||uncensored;censored models
alignment|Concept||AI alignment
AI safety|Concept||safety
frontier model|Concept||Frontier Model;frontier models;frontier labs;frontier lab
AI lab|Concept||AI labs;AI Labs;labs;lab
startup|Concept||startups
business model|Concept||business models
value capture|Concept||
duopoly|Concept||duopolistic
app store|Concept||appstores;app stores
take rate|Concept||take-rate
product-market fit|Concept||PMF
thought leadership|Concept||AI Thought Leader;thought leader
narrative|Concept||narratives
trust|Concept||reputation
Groq|Organization||
Cerebras|Organization||
SambaNova|Organization||
CoreWeave|Organization||
Lambda Labs|Organization||
Fireworks AI|Organization||
Anyscale|Organization||
Replicate|Organization||
LangChain|Product||
LlamaIndex|Product||
Ollama|Product||
vLLM|Product||
llama.cpp|Product||
GGUF|Product||
ONNX|Product||
Kaggle|Organization||
Weights & Biases|Organization||W&B
Jasper|Organization||
Glean|Organization||
Hebbia|Organization||
Poolside|Organization||
Codeium|Organization||Windsurf
Sourcegraph|Organization||
Pika|Organization||Pika Labs
ElevenLabs|Organization||
Suno|Organization||
Ideogram|Organization||
Black Forest Labs|Organization||
Reka|Organization||
Zhipu AI|Organization||
Moonshot AI|Organization||
DeepSeek|Organization||
01.AI|Organization||
Qwen|Product||
Phi-3|Product||Phi-2
Gemma|Product||
Grok|Product||
Sora|Product||
CLIP|Product||
BERT|Product||
T5|Product||
GPT-2|Product||GPT2
OpenAI Codex|Product||
Vicuna|Product||
Alpaca|Product||
MPT|Product||
RedPajama|Product||
The Pile|Product||
Common Crawl|Organization||
LAION|Organization||
OpenRouter|Organization||
Azure|Product||Microsoft Azure
Google Cloud|Product||GCP
Vertex AI|Product||
Bedrock|Product||Amazon Bedrock
SageMaker|Product||
CUDA|Product||
TPU|Product||TPUs
GPU|Concept||GPUs
H100|Product||
Apple Silicon|Product||
Arbitrum|Protocol||
Chainlink|Protocol||
Aave|Protocol||
MakerDAO|Protocol||
Lido|Protocol||
OpenSea|Organization||
SushiSwap|Protocol||Sushi
Farcaster|Protocol||
Lens Protocol|Protocol||
Worldcoin|Protocol||
Ilya Sutskever|Person||Sutskever
Greg Brockman|Person||
Mira Murati|Person||
Andrej Karpathy|Person||Karpathy
Geoffrey Hinton|Person||Hinton
Yoshua Bengio|Person||Bengio
Fei-Fei Li|Person||
Andrew Ng|Person||
Reid Hoffman|Person||
Marc Andreessen|Person||Andreessen
Vitalik Buterin|Person||Vitalik
Satoshi Nakamoto|Person||
Cristóbal Valenzuela|Person||
David Holz|Person||
Aidan Gomez|Person||
Noam Shazeer|Person||
Alexandr Wang|Person||
Guillermo Rauch|Person||
Andreessen Horowitz|Organization||a16z
Sequoia Capital|Organization||Sequoia
Y Combinator|Organization||YC
Lightspeed|Organization||
Index Ventures|Organization||
Google Brain|Organization||
FAIR|Organization||Meta AI
Microsoft Research|Organization||
OpenAI API|Product||
GPT Store|Product||
plugins|Concept||
retrieval-augmented generation|Concept||RAG
embeddings|Concept||embedding
vector database|Concept||vector databases
prompt engineering|Concept||prompts;prompt
hallucination|Concept||hallucinations
benchmark|Concept||benchmarks;benchmark score
model card|Concept||model cards
scaling laws|Concept||
compute|Concept||
data moat|Concept||data moats
distribution|Concept||
pricing|Concept||price war
commoditization|Concept||commodity;commoditisation
vertical integration|Concept||
platform|Concept||platforms
marketplace|Concept||marketplaces
licence|Concept||license;licences;licenses;commercial licences
copyright|Concept||
liability|Concept||
data residency|Concept||data-residency
security certification|Concept||security certifications
audit|Concept||audits;audit trails
conformity assessment|Concept||
systemic risk|Concept||
incumbent|Concept||incumbents
developer relations|Concept||devrel
ecosystem|Concept||ecosystems
adapter|Concept||adapters;LoRA
checkpoint|Concept||checkpoints
tokenizer|Concept||tokenizers
serving engine|Concept||serving engines
hosting|Concept||hosted models
""".strip()


def build() -> list[dict[str, object]]:
    out = []
    for line in ROWS.splitlines():
        label, kind, qid, aliases = line.split("|")
        entry: dict[str, object] = {
            "label": label,
            "type": kind,
            "aliases": [a for a in aliases.split(";") if a],
        }
        if qid:
            entry["wikidata"] = qid
        out.append(entry)
    return out


if __name__ == "__main__":  # pragma: no cover
    Path(__file__).with_name("gazetteer.json").write_text(
        json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
