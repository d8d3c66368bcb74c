"""The search across CORI (``/buscar/?q=``): the box in the top bar of every page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cori.search import MAX_LENGTH, search_records


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_LENGTH]
    groups = search_records(request.user, query) if query else []
    return render(
        request,
        "search/results.html",
        {
            "search_query": query,
            "groups": groups,
            "total": sum(len(group.hits) for group in groups),
        },
    )
