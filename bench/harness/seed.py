"""Creates the benchmark's collections on a FastCMS server and seeds posts through the batch endpoint."""
import random

from servers import http

BATCH = 100

POSTS = {
    "name": "posts",
    "schema": [
        {"name": "title", "type": "text", "validation": {"required": True, "max_length": 200}},
        {"name": "body", "type": "editor"},
        {"name": "views", "type": "number", "default": 0},
        {"name": "published", "type": "bool", "default": False},
        {"name": "author", "type": "relation", "options": {"collection": "users", "cascade_delete": "set_null"}},
    ],
    # The list benchmark filters on published and views and sorts by views: the index a user would declare for it.
    "indexes": [{"fields": ["published", "views"]}],
    # Open rules: everyone may list, view, create, update and delete (no token on the measured requests).
    "list_rule": "",
    "view_rule": "",
    "create_rule": "",
    "update_rule": "",
    "delete_rule": "",
}

BODY = "<p>A seeded post for the load benchmark. It has a paragraph of text, about as long as the teaser of an article.</p>"


def login(url: str, email: str, password: str) -> tuple[str, str]:
    status, body = http("POST", url + "/api/v1/auth/login", {"email": email, "password": password})
    if status != 200:
        raise RuntimeError(f"login failed with {status}: {body}")
    return body["token"]["access_token"], body["user"]["id"]


def create_posts(url: str, token: str, name: str = "posts") -> None:
    """Creates posts, or a collection of the same shape under another name."""
    status, body = http("POST", url + "/api/v1/collections", {**POSTS, "name": name}, token)
    if status != 201:
        raise RuntimeError(f"creating the {name} collection failed with {status}: {body}")


def seed_posts(url: str, author: str, count: int, rng: random.Random) -> list[str]:
    """Creates count posts (a fixed random mix of views and published flags); returns their ids."""
    ids: list[str] = []
    for start in range(0, count, BATCH):
        records = [
            {"title": f"Post {i}", "body": BODY, "views": rng.randint(0, 1000), "published": rng.random() < 0.5, "author": author}
            for i in range(start, min(start + BATCH, count))
        ]
        status, body = http("POST", url + "/api/v1/collections/posts/records/batch", {"records": records})
        if status != 201:
            raise RuntimeError(f"seeding failed with {status}: {body}")
        ids.extend(r["id"] for r in body["records"])
    return ids
