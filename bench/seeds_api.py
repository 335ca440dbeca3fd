"""Baseline B: the seeds' design as a small fixture (FastAPI + uvicorn + redis-py, Debian packages).

An API-key header check, one Redis GET of the cached forecast, the bytes returned as JSON. Two forms:
  seeds_api:best   async endpoint on redis.asyncio (run with --loop uvloop --http httptools)
  seeds_api:seeds  a plain `def` endpoint on the blocking client, as the seeds wrote it (default loop)
Configured by environment: SEEDS_REDIS_PORT, SEEDS_KEY (the one valid key), SEEDS_CACHE_KEY.
"""
import os

import redis
import redis.asyncio
from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import Response

PORT = int(os.environ.get("SEEDS_REDIS_PORT", "6379"))
KEYS = {os.environ.get("SEEDS_KEY", "seeds-key")}
CACHE_KEY = os.environ.get("SEEDS_CACHE_KEY", "seeds:forecast")

best = FastAPI()
seeds = FastAPI()
async_redis = redis.asyncio.Redis(host="127.0.0.1", port=PORT)
sync_redis = redis.Redis(host="127.0.0.1", port=PORT)


def check(key):
    if key not in KEYS:
        raise HTTPException(status_code=401, detail="invalid API key")


@best.post("/v1/predict")
async def predict_best(x_api_key: str = Header(default="")):
    check(x_api_key)
    body = await async_redis.get(CACHE_KEY)
    return Response(content=body, media_type="application/json")


@seeds.post("/v1/predict")
def predict_seeds(x_api_key: str = Header(default="")):
    check(x_api_key)
    body = sync_redis.get(CACHE_KEY)
    return Response(content=body, media_type="application/json")
