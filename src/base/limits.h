/* All of paiban's limits in one place. */
#ifndef PB_LIMITS_H
#define PB_LIMITS_H

#define PB_MAX_FILE_BYTES        (16u * 1024u * 1024u) /* any input file */
#define PB_MAX_PARAGRAPH_BYTES   (6u * 1024u * 1024u)
#define PB_MAX_PAGES             400
#define PB_MAX_ARTICLES_PER_PAGE 64
#define PB_MAX_IMAGE_PIXELS      (120u * 1000u * 1000u) /* decoded w*h */
#define PB_MAX_IMAGE_SIDE        30000
#define PB_MAX_COLUMNS           24
#define PB_MAX_GRID_ROWS         2000
#define PB_MAX_PROOF_PAGES       200
#define PB_MAX_YAML_DEPTH        32
#define PB_MAX_BREAK_ACTIVE      4096   /* active nodes in the line breaker */

#endif
