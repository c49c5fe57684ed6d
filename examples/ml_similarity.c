/* SPDX-License-Identifier: MIT */
/*
 * ml_similarity: cosine similarity, Euclidean and Manhattan distance between a query
 * embedding and a few stored ones, then the nearest neighbour.  Entries are multiples
 * of 1/4, so every sum is exact and all backends print the same numbers.
 */
#include "example_common.h"

#define DIM   16
#define ITEMS 6

int main(int argc, char **argv)
{
        static const char *const names[ITEMS] = {"cat", "dog", "car", "truck", "apple", "banana"};
        static float emb[ITEMS][DIM], query[DIM];
        float cos[ITEMS], euc[ITEMS], man[ITEMS];
        size_t best_cos, best_euc;

        ex_parse_timings(argc, argv);
        /* deterministic pseudo-embeddings: two themes (animals, vehicles, fruit) */
        for (int i = 0; i < ITEMS; i++)
                for (int d = 0; d < DIM; d++)
                        emb[i][d] =
                            (float)(((i / 2) * 5 + d * (3 + i % 2) + (d % (i + 2))) % 9 - 4) *
                            0.25f;
        for (int d = 0; d < DIM; d++)
                query[d] = emb[2][d] + (float)((d % 3) - 1) * 0.25f; /* a noisy "car" */

        out("query vs items (dim %d):\n", DIM);
        out("  %-7s %9s %10s %10s\n", "item", "cosine", "euclidean", "manhattan");
        for (int i = 0; i < ITEMS; i++) {
                EX_CHECK(trueno_cosine_similarity(query, emb[i], DIM, &cos[i]));
                EX_CHECK(trueno_euclidean_distance(query, emb[i], DIM, &euc[i]));
                EX_CHECK(trueno_manhattan_distance(query, emb[i], DIM, &man[i]));
                out("  %-7s %9.4f %10.4f %10.4f\n", names[i], (double)cos[i], (double)euc[i],
                    (double)man[i]);
        }
        EX_CHECK(trueno_argmax(cos, ITEMS, &best_cos));
        EX_CHECK(trueno_argmin(euc, ITEMS, &best_euc));
        out("nearest neighbour by cosine:    %s (%.4f)\n", names[best_cos], (double)cos[best_cos]);
        out("nearest neighbour by euclidean: %s (%.4f)\n", names[best_euc], (double)euc[best_euc]);
        return ex_flush();
}
