"""The OpenAPI 3.0 description of the Open311 GeoReport v2 routes (served at /open311/v2/openapi.json)."""

from __future__ import annotations

FMT = {"name": "format", "in": "path", "required": True, "schema": {"type": "string", "enum": ["xml", "json"]}}
JUR = {"name": "jurisdiction_id", "in": "query", "required": False, "schema": {"type": "string"}}
ERR = {
    "description": "Error list",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}, "text/xml": {}},
}


def _ok(schema: str, desc: str = "OK") -> dict:
    return {
        "description": desc,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}, "text/xml": {}},
    }


def openapi() -> dict:
    nullable_str = {"type": "string", "nullable": True}
    dt = {"type": "string", "format": "date-time", "nullable": True, "example": "2024-03-04T10:00:00+08:00"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "灵武市 12345 Open311 GeoReport v2",
            "version": "2.0",
            "description": (
                "GeoReport v2 (http://wiki.open311.org/GeoReport_v2). XML and JSON; datetimes carry +08:00; UTF-8. "
                "Errors are a list of {code, description} with HTTP 400, 403 or 404. Replay safety: send the same "
                "`service_request_client_id` (or an `Idempotency-Key` header) and the first request's id is returned; "
                "that id is also the token for GET /tokens/{token}."
            ),
        },
        "servers": [{"url": "/open311/v2"}],
        "paths": {
            "/discovery.{format}": {
                "get": {"summary": "Service discovery", "parameters": [FMT], "responses": {"200": _ok("Discovery")}}
            },
            "/services.{format}": {
                "get": {
                    "summary": "Service list",
                    "parameters": [FMT, JUR],
                    "responses": {"200": _ok("Services"), "404": ERR},
                }
            },
            "/services/{service_code}.{format}": {
                "get": {
                    "summary": "Service definition",
                    "parameters": [
                        {"name": "service_code", "in": "path", "required": True, "schema": {"type": "string"}},
                        FMT,
                        JUR,
                    ],
                    "responses": {"200": _ok("ServiceDefinition"), "404": ERR},
                }
            },
            "/requests.{format}": {
                "get": {
                    "summary": "Service requests (default: the last 90 days, at most 1000 rows)",
                    "parameters": [
                        FMT,
                        JUR,
                        {
                            "name": "service_request_id",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "comma list; overrides the other filters",
                        },
                        {
                            "name": "service_code",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "comma list",
                        },
                        {"name": "start_date", "in": "query", "schema": {"type": "string", "format": "date-time"}},
                        {
                            "name": "end_date",
                            "in": "query",
                            "schema": {"type": "string", "format": "date-time"},
                            "description": "at most 90 days after start_date",
                        },
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "open, closed or open,closed",
                        },
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
                        },
                    ],
                    "responses": {"200": _ok("Requests"), "400": ERR, "404": ERR},
                },
                "post": {
                    "summary": "Create a service request",
                    "parameters": [
                        FMT,
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "schema": {"type": "string", "maxLength": 64},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/NewRequest"}}
                        },
                    },
                    "responses": {
                        "201": _ok("PostResponse", "Created"),
                        "200": _ok("PostResponse", "Replay of an earlier request with the same client id"),
                        "400": ERR,
                        "403": ERR,
                        "404": ERR,
                    },
                },
            },
            "/requests/{service_request_id}.{format}": {
                "get": {
                    "summary": "One service request (as a list of one)",
                    "parameters": [
                        {"name": "service_request_id", "in": "path", "required": True, "schema": {"type": "string"}},
                        FMT,
                        JUR,
                    ],
                    "responses": {"200": _ok("Requests"), "404": ERR},
                }
            },
            "/tokens/{token}.{format}": {
                "get": {
                    "summary": "Service request id from a token (the client id sent with the POST)",
                    "parameters": [
                        {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}},
                        FMT,
                        JUR,
                    ],
                    "responses": {"200": _ok("Tokens"), "404": ERR},
                }
            },
        },
        "components": {
            "schemas": {
                "Errors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["code", "description"],
                        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
                    },
                },
                "Discovery": {
                    "type": "object",
                    "properties": {
                        "changeset": {"type": "string"},
                        "contact": {"type": "string"},
                        "key_service": {"type": "string"},
                        "endpoints": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "specification": {"type": "string"},
                                    "url": {"type": "string"},
                                    "changeset": {"type": "string"},
                                    "type": {"type": "string", "enum": ["production", "test"]},
                                    "formats": {"type": "array", "items": {"type": "string"}},
                                },
                            },
                        },
                    },
                },
                "Services": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["service_code", "service_name", "metadata", "type"],
                        "properties": {
                            "service_code": {"type": "string"},
                            "service_name": {"type": "string"},
                            "description": {"type": "string"},
                            "metadata": {"type": "boolean"},
                            "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
                            "keywords": {"type": "string"},
                            "group": {"type": "string"},
                        },
                    },
                },
                "ServiceDefinition": {
                    "type": "object",
                    "properties": {
                        "service_code": {"type": "string"},
                        "attributes": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "variable": {"type": "boolean"},
                                    "code": {"type": "string"},
                                    "datatype": {
                                        "type": "string",
                                        "enum": [
                                            "string",
                                            "number",
                                            "datetime",
                                            "text",
                                            "singlevaluelist",
                                            "multivaluelist",
                                        ],
                                    },
                                    "required": {"type": "boolean"},
                                    "datatype_description": {"type": "string"},
                                    "order": {"type": "integer"},
                                    "description": {"type": "string"},
                                    "values": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
                "NewRequest": {
                    "type": "object",
                    "required": ["api_key", "service_code"],
                    "properties": {
                        "api_key": {"type": "string"},
                        "service_code": {"type": "string"},
                        "lat": {"type": "number"},
                        "long": {"type": "number"},
                        "address_string": {"type": "string"},
                        "address_id": {"type": "string"},
                        "attribute[code]": {"type": "string"},
                        "email": {"type": "string"},
                        "device_id": {"type": "string"},
                        "account_id": {"type": "string"},
                        "first_name": {"type": "string"},
                        "last_name": {"type": "string"},
                        "phone": {"type": "string"},
                        "description": {"type": "string", "maxLength": 4000},
                        "media_url": {"type": "string"},
                        "service_request_client_id": {
                            "type": "string",
                            "maxLength": 64,
                            "description": "replay key (extension)",
                        },
                    },
                },
                "PostResponse": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "service_request_id": {"type": "string"},
                            "service_notice": nullable_str,
                            "account_id": nullable_str,
                        },
                    },
                },
                "Tokens": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"}},
                    },
                },
                "Requests": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["service_request_id", "status", "service_code", "requested_datetime"],
                        "properties": {
                            "service_request_id": {"type": "string"},
                            "status": {"type": "string", "enum": ["open", "closed"]},
                            "status_notes": nullable_str,
                            "service_name": nullable_str,
                            "service_code": {"type": "string"},
                            "description": nullable_str,
                            "agency_responsible": nullable_str,
                            "service_notice": nullable_str,
                            "requested_datetime": dt,
                            "updated_datetime": dt,
                            "expected_datetime": dt,
                            "address": nullable_str,
                            "address_id": nullable_str,
                            "zipcode": nullable_str,
                            "lat": {"type": "number", "nullable": True},
                            "long": {"type": "number", "nullable": True},
                            "media_url": nullable_str,
                        },
                    },
                },
            }
        },
    }
