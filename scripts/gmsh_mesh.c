/* Meshes a Gmsh .geo file with Gmsh's library, for machines that have libgmsh-dev but no gmsh
 * binary. The same as `gmsh -DIM -order ORDER -clscale SCALE -format msh41 IN.geo -o OUT.msh`:
 *
 *     cc scripts/gmsh_mesh.c -lgmsh -o /tmp/gmsh_mesh
 *     /tmp/gmsh_mesh IN.geo OUT.msh DIM ORDER [SCALE]
 *
 * ORDER 2 gives 3-node lines, 6-node triangles and 10-node tetrahedra (types 8, 9, 11) whose edge
 * nodes Gmsh places on the geometry (on the circle, for a disk). SCALE multiplies every
 * characteristic length (default 1). */
#include <gmshc.h>
#include <stdio.h>
#include <stdlib.h>

static void check(int ierr, const char *call) {
    if (ierr) {
        fprintf(stderr, "gmsh_mesh: %s failed (%d)\n", call, ierr);
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 5 || argc > 6) {
        fprintf(stderr, "usage: %s IN.geo OUT.msh DIM ORDER [SCALE]\n", argv[0]);
        return 2;
    }
    int dim = atoi(argv[3]), order = atoi(argv[4]);
    double scale = argc == 6 ? atof(argv[5]) : 1.0;
    int ierr = 0;
    gmshInitialize(0, NULL, 0, &ierr);
    check(ierr, "gmshInitialize");
    gmshOptionSetNumber("General.Terminal", 1, &ierr);
    gmshOptionSetNumber("General.NumThreads", 1, &ierr);
    gmshOptionSetNumber("Mesh.MeshSizeFactor", scale, &ierr);
    check(ierr, "Mesh.MeshSizeFactor");
    gmshOptionSetNumber("Mesh.MshFileVersion", 4.1, &ierr);
    check(ierr, "Mesh.MshFileVersion");
    gmshOpen(argv[1], &ierr);
    check(ierr, "gmshOpen");
    gmshModelMeshGenerate(dim, &ierr);
    check(ierr, "gmshModelMeshGenerate");
    if (order != 1) {
        gmshModelMeshSetOrder(order, &ierr);
        check(ierr, "gmshModelMeshSetOrder");
    }
    gmshWrite(argv[2], &ierr);
    check(ierr, "gmshWrite");
    gmshFinalize(&ierr);
    return 0;
}
